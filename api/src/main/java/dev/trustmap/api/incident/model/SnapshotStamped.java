package dev.trustmap.api.incident.model;

/** An incident answer that says which graph snapshot answered; the same answer with up-to-date snapshot facts. */
public interface SnapshotStamped<T> {
    T withSnapshot(SnapshotInfo current);
}
