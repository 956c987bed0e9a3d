package dev.junction.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The sample API's in-memory objects: tenant-owned notes and global widgets. */
final class Notebook {
    record Note(String id, String tenant, String text) {}

    private final Map<String, Note> notes = new ConcurrentHashMap<>();
    private final Map<String, SampleApi.Widget> widgets = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    Note add(String tenant, String text) {
        Note note = new Note("note-" + ids.incrementAndGet(), tenant, text);
        notes.put(note.id(), note);
        return note;
    }

    Optional<Note> find(String id) {
        return Optional.ofNullable(notes.get(id));
    }

    /** The owner of a note; empty for a missing note or one of no tenant. */
    Optional<String> tenantOf(String id) {
        return find(id).map(Note::tenant);
    }

    List<Note> list(Optional<String> tenant) {
        List<Note> list = new ArrayList<>();
        for (Note note : notes.values()) {
            if (tenant.isEmpty() || tenant.get().equals(note.tenant())) {
                list.add(note);
            }
        }
        list.sort((a, b) -> a.id().compareTo(b.id()));
        return list;
    }

    void replace(Note note) {
        notes.put(note.id(), note);
    }

    void remove(String id) {
        notes.remove(id);
    }

    Map<String, SampleApi.Widget> widgets() {
        return widgets;
    }
}
