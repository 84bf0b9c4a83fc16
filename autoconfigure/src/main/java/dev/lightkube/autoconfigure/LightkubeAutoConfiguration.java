package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClient;
import dev.lightkube.KubeClientBuilder;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.aot.LightkubeRuntimeHints;
import dev.lightkube.config.ConfigException;
import java.util.Iterator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the lightkube {@link ReactiveKubeClient} and {@link KubeClient}: one connection pool, closed
 * on shutdown, configured from {@link LightkubeProperties} and a {@link KubeConnectionDetails}.
 *
 * <p>A prototype {@link KubeClientBuilder} bean carries the connection details and every
 * {@link KubeClientBuilderCustomizer} (the properties first), so an application builds a second client the same way.
 * The pair backs off together: a user's {@link ReactiveKubeClient} bean gets a {@link KubeClient} over it, and a
 * user's {@link KubeClient} bean alone gets its own {@link KubeClient#reactive() reactive client} exposed, so health
 * and {@code @KubeWatch} use the user's connection, and no second pool is opened.
 *
 * <p>Every bean here is lazy: nothing is bound, checked or built until a bean of the application, the health
 * indicator or a {@code @KubeWatch} listener needs the client, so the starter costs an application that does not use
 * it next to nothing at start-up. Where it is used, that is at start-up, and a bad {@code lightkube.*} value or a
 * broken kubeconfig still stops the start-up with the property or file named.
 */
@AutoConfiguration
@ConditionalOnClass(ReactiveKubeClient.class)
@EnableConfigurationProperties
@Lazy
@ImportRuntimeHints(LightkubeRuntimeHints.class)
// Imported first, in this order, so their conditions see only the application's own client beans.
@Import({ LightkubeAutoConfiguration.PropertiesClientConfiguration.class,
		LightkubeAutoConfiguration.UserKubeClientConfiguration.class })
public final class LightkubeAutoConfiguration {

	/** Bound (and checked) when it is created, as its class is {@code @ConfigurationProperties("lightkube")}. */
	@Bean
	static LightkubeProperties lightkubeProperties() {
		return new LightkubeProperties();
	}

	@Bean
	@ConditionalOnMissingBean(KubeConnectionDetails.class)
	PropertiesKubeConnectionDetails kubeConnectionDetails(LightkubeProperties properties) {
		return new PropertiesKubeConnectionDetails(properties);
	}

	@Bean
	PropertiesKubeClientBuilderCustomizer lightkubePropertiesKubeClientBuilderCustomizer(
			LightkubeProperties properties, Environment environment) {
		return new PropertiesKubeClientBuilderCustomizer(properties, environment);
	}

	/**
	 * A new builder on each injection, as Spring Boot's {@code RestClient.Builder}: the connection details and
	 * every customizer applied, in order.
	 */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	KubeClientBuilder kubeClientBuilder(KubeConnectionDetails connectionDetails,
			ObjectProvider<KubeClientBuilderCustomizer> customizers) {
		KubeClientBuilder builder = KubeClient.builder().config(connectionDetails.getConfig());
		for (Iterator<KubeClientBuilderCustomizer> ordered = customizers.orderedStream().iterator(); ordered
			.hasNext();) {
			ordered.next().customize(builder);
		}
		return builder;
	}

	/** Shares the reactive client's connection pool; closing is left to the reactive client's bean. */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	KubeClient kubeClient(ReactiveKubeClient reactiveKubeClient) {
		return KubeClient.of(reactiveKubeClient);
	}

	/**
	 * The client's shared informers: {@code @KubeWatch} listeners' informers come from it, and the application may
	 * inject it for informers and caches of its own, sharing the listeners' watches. Closed with the context, after
	 * the listeners (which depend on it) have stopped, before the client.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SharedInformerFactory kubeSharedInformerFactory(ReactiveKubeClient reactiveKubeClient) {
		return new SharedInformerFactory(reactiveKubeClient);
	}

	@Configuration(proxyBeanMethods = false)
	@Lazy
	@ConditionalOnMissingBean({ ReactiveKubeClient.class, KubeClient.class })
	static class PropertiesClientConfiguration {

		@Bean(destroyMethod = "close")
		ReactiveKubeClient reactiveKubeClient(KubeClientBuilder kubeClientBuilder) {
			try {
				return kubeClientBuilder.buildReactive();
			}
			catch (ConfigException ex) {
				throw PropertiesKubeConnectionDetails.namingProperties(ex);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Lazy
	@ConditionalOnBean(KubeClient.class)
	@ConditionalOnMissingBean(ReactiveKubeClient.class)
	static class UserKubeClientConfiguration {

		/** The user's client's own reactive core; the user's bean owns it and closes it. */
		@Bean(destroyMethod = "")
		ReactiveKubeClient reactiveKubeClient(KubeClient kubeClient) {
			return kubeClient.reactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Lazy
	@ConditionalOnClass(SslBundles.class)
	@ConditionalOnProperty("lightkube.ssl.bundle")
	static class SslBundleConfiguration {

		@Bean
		SslBundleKubeClientBuilderCustomizer lightkubeSslBundleKubeClientBuilderCustomizer(SslBundles sslBundles,
				LightkubeProperties properties) {
			return new SslBundleKubeClientBuilderCustomizer(sslBundles.getBundle(properties.getSsl().getBundle()),
					properties.getTlsServerName());
		}

	}

}
