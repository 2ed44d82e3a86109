package com.example.legacy.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app's notes, in memory (they are gone when the app stops). Ids count up from 1.
 *
 * <p>Thread-safe.
 */
final class Notes {

    /** A note: who wrote what. */
    record Note(long id, String text, String author) {
    }

    /** No more notes than this are kept, so a long-running demo cannot grow without bound. */
    static final int MAX_NOTES = 1000;

    private final Map<Long, Note> notes = new ConcurrentSkipListMap<>();
    private final AtomicLong lastId = new AtomicLong();

    /** All notes, oldest first. */
    List<Note> all() {
        return List.copyOf(notes.values());
    }

    Optional<Note> find(long id) {
        return Optional.ofNullable(notes.get(id));
    }

    /** Adds a note, or returns empty when {@link #MAX_NOTES} are already kept. */
    synchronized Optional<Note> add(String text, String author) {
        if (notes.size() >= MAX_NOTES) {
            return Optional.empty();
        }
        Note note = new Note(lastId.incrementAndGet(), text, author);
        notes.put(note.id(), note);
        return Optional.of(note);
    }

    /** Removes a note; false if there was none with that id. */
    boolean remove(long id) {
        return notes.remove(id) != null;
    }
}
