package dev.junction.cli.internal;

import dev.junction.JunctionException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where commands write: standard output for results, standard error for messages and progress.
 * Colors only when interactive and not turned off ({@code --no-color} or {@code NO_COLOR}).
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private volatile boolean color;

    public Console(PrintWriter out, PrintWriter err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.color = interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean interactive() {
        return interactive;
    }

    /**
     * Asks a question on the terminal and returns the answer; null when there is no terminal to ask
     * on (not interactive, or input is not a terminal), so a command never waits on a pipe.
     */
    String ask(String question) {
        java.io.Console terminal = interactive ? System.console() : null;
        if (terminal == null || !isTerminal(terminal)) {
            return null;
        }
        out.flush();
        String answer = terminal.readLine("%s", question);
        return answer == null ? "" : answer;
    }

    /** Whether this process reads and writes a terminal (not a pipe or file): colors, progress bars and questions only then. */
    public static boolean onTerminal() {
        java.io.Console terminal = System.console();
        return terminal != null && isTerminal(terminal);
    }

    /**
     * From JDK 22 on, {@link System#console()} exists even when input is redirected; its
     * {@code isTerminal()} (JDK 22+, so called reflectively from Java 21 code) tells the two apart.
     */
    private static boolean isTerminal(java.io.Console terminal) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(terminal);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: System.console() is null unless input and output are a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * A console whose results go to {@code sink} instead, with the same colors and standard error:
     * for output that is printed later in one piece (one tenant's report while others run).
     */
    Console capturing(java.io.StringWriter sink) {
        Console captured = new Console(new PrintWriter(sink), err, interactive);
        captured.color = color;
        return captured;
    }

    void noColor() {
        color = false;
    }

    String bold(String s) {
        return paint("1", s);
    }

    String green(String s) {
        return paint("32", s);
    }

    String red(String s) {
        return paint("31", s);
    }

    String yellow(String s) {
        return paint("33", s);
    }

    String dim(String s) {
        return paint("2", s);
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    /** Prints a failure as one clear line; a stack trace only when debugging. Returns exit code 1. */
    public int failure(Exception e, boolean debug) {
        if (e instanceof JunctionException) {
            err.println(red("junction: ") + e.getMessage());
        } else {
            err.println(red("junction: unexpected error: ") + e);
            if (!debug) {
                err.println("(set JUNCTION_DEBUG=1 to see the stack trace)");
            }
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /** Prints rows as a left-aligned table with a header; numbers right-aligned. */
    void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean numeric = r > 0 && cell.matches("-?[0-9][0-9,.]*(/s|%|s|ms)?");
                String padded = numeric ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(r == 0 ? bold(padded) : padded);
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
