package io.hazardgate.simulator.scenario.verify;

import java.util.List;

/** The outcome of verifying a scenario: every finding in scenario-time order. */
public record Verdict(String scenario, List<Finding> findings, long ignored) {
    public Verdict {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.stream().noneMatch(f -> f.outcome().fails());
    }

    public long count(Finding.Outcome o) {
        return findings.stream().filter(f -> f.outcome() == o).count();
    }
}
