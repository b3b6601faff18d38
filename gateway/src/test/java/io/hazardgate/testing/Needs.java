package io.hazardgate.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method as an interop suite that starts Debian programs. Without them it is
 * skipped with one line naming the package to install, except in CI ({@code CI=true}), where `.ci/run`
 * has installed every package and a missing one fails the suite instead: CI never goes green by skipping.
 * Every decision is recorded for the build's closing summary line.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExternalProgramCondition.class)
public @interface Needs {
    ExternalProgram[] value();
}
