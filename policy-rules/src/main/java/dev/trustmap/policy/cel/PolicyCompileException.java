package dev.trustmap.policy.cel;

import java.util.List;
import java.util.stream.Collectors;

/** A policy that does not compile, with every issue and its position. */
public final class PolicyCompileException extends Exception {
    private final List<PolicyIssue> issues;

    public PolicyCompileException(List<PolicyIssue> issues) {
        super(issues.stream().map(PolicyIssue::toString).collect(Collectors.joining("; ")));
        this.issues = List.copyOf(issues);
    }

    public List<PolicyIssue> issues() {
        return issues;
    }
}
