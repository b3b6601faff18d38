package io.hazardgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one guard for suites that need a Debian program ({@link Needs}). Runs them where the programs are
 * installed; elsewhere skips them with the package to install, or, under {@code CI=true}, fails them.
 *
 * <p>Each decision is appended to {@code target/interop-suites.tsv} of the module under test (the build's
 * stamp, {@code ran}, {@code skipped} or {@code failed}, the suite, the reason), which the build's last
 * module turns into one summary line. The stamp ({@code hazardgate.build}, set by Surefire) tells this
 * build's lines from those of an earlier build into the same {@code target}.
 */
public final class ExternalProgramCondition implements ExecutionCondition {
    /** Where the decisions go, relative to the module's directory (Surefire's working directory). */
    public static final Path RECORD = Path.of("target", "interop-suites.tsv");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        Optional<Needs> needs = element.flatMap(e -> AnnotationSupport.findAnnotation(e, Needs.class));
        if (needs.isEmpty()) return ConditionEvaluationResult.enabled("needs no external program");
        // A method inherits its class's decision: record only where the annotation is.
        boolean declaredHere = element.get().isAnnotationPresent(Needs.class);
        String suite = suiteName(context);
        String missing = Arrays.stream(needs.get().value()).map(ExternalProgram::missing)
                .filter(m -> !m.isEmpty()).collect(Collectors.joining("; "));
        if (missing.isEmpty()) {
            if (declaredHere) record("ran", suite, "");
            return ConditionEvaluationResult.enabled("installed");
        }
        String reason = "needs " + missing;
        if (declaredHere) record(inCi() ? "failed" : "skipped", suite, reason);
        if (inCi()) {
            throw new IllegalStateException(suite + " " + reason
                    + ": CI=true, where .ci/run installs every package, so this suite may not be skipped");
        }
        return ConditionEvaluationResult.disabled(suite + " skipped: " + reason);
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static String suiteName(ExtensionContext context) {
        String cls = context.getRequiredTestClass().getSimpleName();
        return context.getTestMethod().map(m -> cls + "." + m.getName()).orElse(cls);
    }

    private static synchronized void record(String outcome, String suite, String reason) {
        try {
            Files.createDirectories(RECORD.getParent());
            String build = System.getProperty("hazardgate.build", "unknown");
            Files.writeString(RECORD, build + "\t" + outcome + "\t" + suite + "\t" + reason + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the interop suite's outcome in " + RECORD.toAbsolutePath(), e);
        }
    }
}
