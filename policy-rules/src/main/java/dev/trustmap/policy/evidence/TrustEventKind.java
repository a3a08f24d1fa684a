package dev.trustmap.policy.evidence;

/** The dated changes worth knowing about during an incident. */
public enum TrustEventKind {
    NEW_VERSION("new-version"),
    PUBLISHER_CHANGED("publisher-changed"),
    PROVENANCE_REGRESSION("provenance-regression"),
    PROVENANCE_INVALID("provenance-invalid"),
    DEPRECATED("deprecated"),
    INSTALL_SCRIPT_ADDED("install-script-added"),
    LICENSE_CHANGED("license-changed");

    private final String id;

    TrustEventKind(String id) {
        this.id = id;
    }

    /** The stable name used in the API and the database. */
    public String id() {
        return id;
    }

    public static TrustEventKind fromId(String id) {
        for (TrustEventKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown trust event kind " + id);
    }
}
