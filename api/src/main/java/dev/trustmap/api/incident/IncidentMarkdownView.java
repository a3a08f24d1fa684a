package dev.trustmap.api.incident;

import dev.trustmap.api.incident.model.AffectedService;
import dev.trustmap.api.incident.model.IncidentResponse;
import dev.trustmap.api.incident.model.RecentChange;

/** The incident answer as Markdown, ready to paste into an incident channel. */
public final class IncidentMarkdownView {
    private IncidentMarkdownView() {
    }

    public static String render(IncidentResponse r) {
        StringBuilder md = new StringBuilder();
        md.append("## Incident: provider `").append(r.provider()).append('`');
        if (r.capability() != null) {
            md.append(" — capability `").append(r.capability()).append('`');
        }
        if (r.region() != null) {
            md.append(" — region `").append(r.region()).append('`');
        }
        md.append("\n\n");
        if (r.providerInfo() != null) {
            if (r.providerInfo().statusPage() != null) {
                md.append("Status page: ").append(cell(r.providerInfo().statusPage())).append("  \n");
            }
            if (r.providerInfo().supportContact() != null) {
                md.append("Provider support: ").append(cell(r.providerInfo().supportContact())).append("  \n");
            }
        }
        md.append("**").append(r.summary().affected()).append(" affected services** (")
                .append(r.summary().direct()).append(" direct, ").append(r.summary().transitive()).append(" transitive; ")
                .append(r.summary().byTier().getOrDefault("critical", 0)).append(" critical). ")
                .append("Topology snapshot ").append(r.snapshot().ageSeconds()).append(" s old")
                .append(r.snapshot().databaseReachable() ? "" : " — DATABASE UNREACHABLE, served from the last snapshot")
                .append(".\n\n");
        md.append("| # | service | tier | path | mode | degraded behaviour | fallback | user impact | owner |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        int i = 1;
        for (AffectedService a : r.affected()) {
            md.append("| ").append(i++)
                    .append(" | ").append(cell(a.service()))
                    .append(" | ").append(cell(a.tier().toUpperCase(java.util.Locale.ROOT)))
                    .append(" | ").append(cell(String.join(" → ", a.path())))
                    .append(" | ").append(cell(a.via().mode()))
                    .append(" | ").append(cell(a.via().degradedBehavior()))
                    .append(" | ").append(cell(a.via().fallback()))
                    .append(" | ").append(cell(a.via().userImpact()))
                    .append(" | ").append(cell(join(a.owner(), a.contact())))
                    .append(" |\n");
        }
        if (r.summary().affectedTruncated()) {
            md.append("\n… and ").append(r.summary().affected() - r.affected().size())
                    .append(" more (lower ranked); ask with `?limit=` for all.\n");
        }
        if (!r.recentChanges().isEmpty()) {
            md.append("\n### Changed in the last ").append(r.windowHours()).append(" h\n\n");
            for (RecentChange c : r.recentChanges()) {
                md.append("- ").append(c.at()).append(" `").append(c.service()).append("` ").append(cell(c.summary())).append('\n');
            }
        }
        return md.toString();
    }

    private static String join(String owner, String contact) {
        if (owner == null) {
            return contact;
        }
        return contact == null ? owner : owner + " (" + contact + ")";
    }

    /** Table-safe text: no line breaks, pipes escaped, Markdown/HTML specials neutralised. */
    static String cell(String value) {
        if (value == null || value.isBlank()) {
            return "—";
        }
        return value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("`", "'").replaceAll("[\\r\\n]+", " ").trim();
    }
}
