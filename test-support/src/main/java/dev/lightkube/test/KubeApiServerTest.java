package dev.lightkube.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one {@link KubeApiServer} for the test class and injects it into constructors and test methods that declare
 * a {@code KubeApiServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(KubeApiServerExtension.class)
public @interface KubeApiServerTest {

	/** Serve HTTPS with a generated certificate. */
	boolean tls() default false;

	/** Forget every object, log, exec handler and fault after each test. */
	boolean resetAfterEach() default false;

}
