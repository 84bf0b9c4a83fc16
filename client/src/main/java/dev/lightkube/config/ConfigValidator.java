package dev.lightkube.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The checks made when a context is resolved, following client-go's {@code clientcmd} validation: each problem
 * is a {@code field 'x': what is wrong} text that names files and URLs but never a secret.
 */
final class ConfigValidator {

	private static final Set<String> SERVER_SCHEMES = Set.of("http", "https");

	private static final Set<String> PROXY_SCHEMES = Set.of("http", "https", "socks5");

	private ConfigValidator() {
	}

	static List<String> cluster(Cluster cluster) {
		List<String> problems = new ArrayList<>();
		if (cluster.server().isEmpty()) {
			problems.add("field 'server': missing");
		}
		else if (!isUrl(cluster.server(), SERVER_SCHEMES)) {
			problems.add("field 'server': '" + Masking.url(cluster.server()) + "' is not an http or https URL");
		}
		if (cluster.insecureSkipTlsVerify()
				&& (cluster.certificateAuthority() != null || cluster.certificateAuthorityData() != null)) {
			problems.add("field 'insecure-skip-tls-verify': cannot be true together with a certificate authority"
					+ " (certificate-authority or certificate-authority-data); use one or the other");
		}
		checkFile(problems, "certificate-authority", cluster.certificateAuthority());
		if (cluster.proxyUrl() != null && !isUrl(cluster.proxyUrl(), PROXY_SCHEMES)) {
			problems.add("field 'proxy-url': '" + Masking.url(cluster.proxyUrl()) + "'"
					+ " is not an http, https or socks5 URL");
		}
		return problems;
	}

	static List<String> user(User user) {
		List<String> problems = new ArrayList<>();
		AuthProvider provider = user.authProvider();
		if (provider != null) {
			switch (provider.name()) {
				case AuthProvider.OIDC -> {
					// As client-go's oidc provider: both are needed to refresh the id-token.
					for (String required : List.of("idp-issuer-url", "client-id")) {
						if (!provider.config().containsKey(required)) {
							problems.add("field 'auth-provider.config." + required + "': missing (the oidc provider"
									+ " needs idp-issuer-url and client-id)");
						}
					}
					if (!provider.config().containsKey("id-token") && !provider.config().containsKey("refresh-token")) {
						problems.add("field 'auth-provider.config': neither id-token nor refresh-token is set;"
								+ " log in with your OIDC tool first");
					}
				}
				// kubectl's own advice since 1.26, when it removed these providers.
				case "gcp" -> problems.add("field 'auth-provider': the gcp auth plugin has been removed. Please use the"
						+ " \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin instead. See"
						+ " https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke"
						+ " for further details");
				case "azure" -> problems.add("field 'auth-provider': the azure auth plugin has been removed. Please use"
						+ " the \"kubelogin\" kubectl/client-go credential plugin instead. See"
						+ " https://azure.github.io/kubelogin/ for further details");
				default -> problems.add("field 'auth-provider': no auth provider named '" + provider.name()
						+ "' (only oidc is supported); use an exec credential plugin (users[].user.exec) instead");
			}
		}
		boolean certificate = user.clientCertificate() != null || user.clientCertificateData() != null;
		boolean key = user.clientKey() != null || user.clientKeyData() != null;
		if (certificate && !key) {
			problems.add("field 'client-key': missing; client-certificate needs client-key or client-key-data");
		}
		if (key && !certificate) {
			problems.add("field 'client-certificate': missing; client-key needs client-certificate or"
					+ " client-certificate-data");
		}
		if (user.token() != null && (user.username() != null || user.password() != null)) {
			problems.add("field 'token': more than one authentication method (token and username/password);"
					+ " only one is allowed");
		}
		checkFile(problems, "client-certificate", user.clientCertificate());
		checkFile(problems, "client-key", user.clientKey());
		checkFile(problems, "tokenFile", user.tokenFile());
		return problems;
	}

	private static void checkFile(List<String> problems, String field, @Nullable Path file) {
		if (file == null) {
			return;
		}
		if (!Files.exists(file)) {
			problems.add("field '" + field + "': file " + file + " does not exist");
		}
		else if (!Files.isRegularFile(file)) {
			problems.add("field '" + field + "': " + file + " is not a regular file");
		}
		else if (!Files.isReadable(file)) {
			problems.add("field '" + field + "': file " + file + " is not readable");
		}
	}

	private static boolean isUrl(String value, Set<String> schemes) {
		try {
			URI uri = new URI(value);
			return uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
					&& uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
