package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClientBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.Arrays;
import javax.net.ssl.SNIHostName;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.core.Ordered;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.SslProvider;

/**
 * TLS from a Spring SSL bundle ({@code lightkube.ssl.bundle}): its trust managers verify the API server and its key
 * managers present the client certificate, in place of the kubeconfig's or the properties' certificate data. Applied
 * right after the properties, so it is in place before the application's own customizers.
 */
class SslBundleKubeClientBuilderCustomizer implements KubeClientBuilderCustomizer, Ordered {

	private static final String[] DEFAULT_PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private final SslBundle bundle;

	private final @Nullable String tlsServerName;

	SslBundleKubeClientBuilderCustomizer(SslBundle bundle, @Nullable String tlsServerName) {
		this.bundle = bundle;
		this.tlsServerName = tlsServerName;
	}

	@Override
	public void customize(KubeClientBuilder builder) {
		builder.httpClient(this::secure);
	}

	private HttpClient secure(HttpClient client) {
		// Only where the client already speaks TLS: an http:// server stays plain.
		if (!client.configuration().isSecure()) {
			return client;
		}
		boolean http2 = Arrays.asList(client.configuration().protocols()).contains(HttpProtocol.H2);
		SslProvider.GenericSslContextSpec<?> spec = http2 ? Http2SslContextSpec.forClient().configure(this::configure)
				: Http11SslContextSpec.forClient().configure(this::configure);
		return client.secure((ssl) -> {
			SslProvider.Builder provider = ssl.sslContext(spec);
			if (this.tlsServerName != null && !this.tlsServerName.isBlank()) {
				provider.serverNames(new SNIHostName(this.tlsServerName));
			}
		});
	}

	private void configure(SslContextBuilder builder) {
		builder.trustManager(this.bundle.getManagers().getTrustManagerFactory());
		builder.keyManager(this.bundle.getManagers().getKeyManagerFactory());
		SslOptions options = this.bundle.getOptions();
		// Never below TLS 1.2 unless the bundle says so explicitly.
		builder.protocols((options.getEnabledProtocols() != null) ? options.getEnabledProtocols() : DEFAULT_PROTOCOLS);
		if (options.getCiphers() != null) {
			builder.ciphers(Arrays.asList(options.getCiphers()));
		}
	}

	@Override
	public int getOrder() {
		return 1;
	}

}
