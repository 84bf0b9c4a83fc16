package dev.lightkube.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Points the application's lightkube client at an in-memory Kubernetes API server started for the test: a
 * {@code KubeApiServer} bean (inject it to seed objects, pod logs or faults) and a {@code KubeConnectionDetails}
 * bean that replaces every {@code lightkube.*} connection property. Use it on a {@code @SpringBootTest} class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(KubeApiServerTestAutoConfiguration.class)
public @interface AutoConfigureKubeApiServer {

}
