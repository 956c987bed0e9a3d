package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * How a command finds the {@code junction serve} that holds its data directory: the server writes
 * {@value #FILE_NAME} (owner read/write only, in the owner-only data directory) with its address, its
 * process id and a token for local commands; it removes the file when it stops. A command reads it
 * and, when that process is alive, sends its runs to the server's run queue instead of running them
 * itself, so every run of the directory goes through the server's one registry of rate budgets and
 * tokens. Whoever can read the file could open the store itself: the token gives nothing more.
 *
 * @param url where the server answers, on loopback
 * @param pid the server's process id
 * @param token an admin token made for local commands when the server started, revoked when it stops
 */
public record LocalServer(URI url, long pid, String token) {
    public static final String FILE_NAME = "server.json";
    /** The name of the tokens servers make for local commands (revoked at the next start if a server was killed). */
    public static final String TOKEN_NAME = "junction serve: local commands";

    /** Writes the file (replacing a stale one). */
    public void write(Path dataDir) {
        ObjectMapper json = new ObjectMapper();
        Path file = dataDir.resolve(FILE_NAME);
        Path pending = dataDir.resolve(FILE_NAME + ".tmp");
        try {
            Files.deleteIfExists(pending);
            Files.createFile(pending, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pending, json.createObjectNode().put("url", url.toString()).put("pid", pid).put("token", token).toString());
            try {
                Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (UnsupportedOperationException | IOException e) {
            throw new EngineException("cannot write " + file + " (how local commands find this server): " + e.getMessage(), e);
        }
    }

    /** Removes the file if it is still this server's. */
    public void remove(Path dataDir) {
        find(dataDir).filter(found -> found.pid() == pid).ifPresent(found -> {
            try {
                Files.deleteIfExists(dataDir.resolve(FILE_NAME));
            } catch (IOException e) {
                // a stale file names a dead process: commands ignore it
            }
        });
    }

    /** The server that wrote the file in {@code dataDir}, if there is a file and its process is alive on this machine. */
    public static Optional<LocalServer> find(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = new ObjectMapper().readTree(Files.readString(file));
            LocalServer server = new LocalServer(URI.create(node.path("url").asText()), node.path("pid").asLong(), node.path("token").asText());
            return ProcessHandle.of(server.pid()).filter(ProcessHandle::isAlive).map(alive -> server);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or half-written: as if no server held the directory
        }
    }
}
