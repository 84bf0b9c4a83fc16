package dev.lightkube.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the real {@code kubectl} against the server; skipped where kubectl is not installed.
 */
@KubeApiServerTest(tls = true, resetAfterEach = true)
class KubectlFidelityTests {

	private final KubeApiServer server;

	private final Http http;

	@TempDir
	Path directory;

	KubectlFidelityTests(KubeApiServer server) {
		this.server = server;
		this.http = TlsTests.trustingHttp(server);
	}

	@BeforeAll
	static void kubectlInstalled() {
		assumeTrue(Kubectl.installed(), "kubectl is not on the PATH");
	}

	private Kubectl kubectl() {
		return new Kubectl(this.server, this.directory);
	}

	private Kubectl.Result kubectl(String... args) throws Exception {
		return kubectl().run(args);
	}

	private Kubectl.Result ok(String... args) throws Exception {
		return kubectl().ok(args);
	}

	private Process start(String... args) throws IOException {
		return kubectl().start(args);
	}

	private Path file(String name, String content) throws IOException {
		return kubectl().file(name, content);
	}

	private static final String CONFIG_MAP = """
			apiVersion: v1
			kind: ConfigMap
			metadata:
			  name: settings
			  labels:
			    app: web
			data:
			  color: blue
			""";

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: web
			spec:
			  replicas: 1
			  selector:
			    matchLabels:
			      app: web
			  template:
			    metadata:
			      labels:
			        app: web
			    spec:
			      containers:
			      - name: app
			        image: nginx:1
			        env:
			        - name: A
			          value: "1"
			""";

	@Test
	void createAndGet() throws Exception {
		Kubectl.Result created = ok("create", "-f", file("cm.yaml", CONFIG_MAP).toString());
		assertThat(created.stdout()).contains("configmap/settings created");
		Kubectl.Result table = ok("get", "configmaps");
		assertThat(table.stdout()).contains("NAME").contains("settings");
		JsonNode json = Http.JSON.readTree(ok("get", "configmap", "settings", "-o", "json").stdout());
		assertThat(json.get("kind").asString()).isEqualTo("ConfigMap");
		assertThat(json.get("data").get("color").asString()).isEqualTo("blue");
		JsonNode list = Http.JSON.readTree(ok("get", "configmaps", "-o", "json").stdout());
		assertThat(Http.names(list)).contains("settings");
	}

	@Test
	void clientSideApplyAndGetAll() throws Exception {
		Path manifest = file("deploy.yaml", DEPLOYMENT);
		assertThat(ok("apply", "-f", manifest.toString()).stdout()).contains("deployment.apps/web created");
		ok("apply", "-f", file("deploy2.yaml", DEPLOYMENT.replace("replicas: 1", "replicas: 2")).toString());
		assertThat(this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json().get("spec")
			.get("replicas").asInt()).isEqualTo(2);
		assertThat(ok("get", "all", "-o", "name").stdout()).contains("deployment.apps/web");
	}

	@Test
	void getRawApi() throws Exception {
		JsonNode api = Http.JSON.readTree(ok("get", "--raw", "/api").stdout());
		assertThat(api.get("kind").asString()).isEqualTo("APIVersions");
		assertThat(api.get("versions").get(0).asString()).isEqualTo("v1");
	}

	@Test
	void watchSeesAChangeMadeMeanwhile() throws Exception {
		ok("create", "-f", file("cm.yaml", CONFIG_MAP).toString());
		Process watch = start("get", "configmaps", "--watch");
		try {
			BlockingQueue<String> lines = new LinkedBlockingQueue<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = in.readLine()) != null) {
						lines.add(line);
					}
				}
				catch (IOException ex) {
					// The process was stopped.
				}
			});
			reader.setDaemon(true);
			reader.start();
			assertThat(lines.poll(60, TimeUnit.SECONDS)).startsWith("NAME").contains("AGE");
			assertThat(lines.poll(60, TimeUnit.SECONDS)).startsWith("settings ");
			this.http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"later\"}}");
			assertThat(lines.poll(60, TimeUnit.SECONDS)).startsWith("later ");
		}
		finally {
			watch.destroy();
			watch.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void applyServerSide() throws Exception {
		Path manifest = file("deploy.yaml", DEPLOYMENT);
		Kubectl.Result first = ok("apply", "--server-side", "-f", manifest.toString());
		assertThat(first.stdout()).contains("deployment.apps/web serverside-applied");
		ok("apply", "--server-side", "-f", file("deploy2.yaml", DEPLOYMENT.replace("replicas: 1", "replicas: 3"))
			.toString());
		JsonNode deployment = this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json();
		assertThat(deployment.get("spec").get("replicas").asInt()).isEqualTo(3);
		assertThat(deployment.get("metadata").get("managedFields").findValuesAsString("manager"))
			.containsExactly("kubectl");
		ok("scale", "deployment", "web", "--replicas=5");
		Kubectl.Result conflict = kubectl("apply", "--server-side", "-f", manifest.toString());
		assertThat(conflict.exitCode()).isNotZero();
		assertThat(conflict.stderr()).contains("conflict").contains(".spec.replicas");
		ok("apply", "--server-side", "--force-conflicts", "-f", manifest.toString());
		assertThat(this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json().get("spec")
			.get("replicas").asInt()).isEqualTo(1);
	}

	@Test
	void patchOfEachType() throws Exception {
		ok("create", "-f", file("deploy.yaml", DEPLOYMENT).toString());
		ok("patch", "deployment", "web", "--type=json", "-p",
				"[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");
		ok("patch", "deployment", "web", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}");
		ok("patch", "deployment", "web", "--type=strategic", "-p",
				"{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}]}}}}");
		JsonNode deployment = this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json();
		assertThat(deployment.get("spec").get("replicas").asInt()).isEqualTo(2);
		assertThat(deployment.get("metadata").get("labels").get("tier").asString()).isEqualTo("front");
		JsonNode container = deployment.get("spec").get("template").get("spec").get("containers").get(0);
		assertThat(container.get("image").asString()).isEqualTo("nginx:1");
		assertThat(container.get("env").findValuesAsString("name")).containsExactly("A", "B");
	}

	@Test
	void labelAnnotateAndDelete() throws Exception {
		ok("create", "-f", file("cm.yaml", CONFIG_MAP).toString());
		ok("label", "configmap", "settings", "tier=back");
		ok("annotate", "configmap", "settings", "note=hello");
		JsonNode configMap = this.http.get("/api/v1/namespaces/default/configmaps/settings").json();
		assertThat(configMap.get("metadata").get("labels").get("tier").asString()).isEqualTo("back");
		assertThat(configMap.get("metadata").get("annotations").get("note").asString()).isEqualTo("hello");
		assertThat(ok("get", "configmaps", "-l", "tier=back", "-o", "name").stdout().trim())
			.isEqualTo("configmap/settings");
		Kubectl.Result deleted = ok("delete", "configmap", "settings");
		assertThat(deleted.stdout()).contains("configmap \"settings\" deleted");
		assertThat(this.http.get("/api/v1/namespaces/default/configmaps/settings").status()).isEqualTo(404);
	}

	@Test
	void logsAndExec() throws Exception {
		this.http.post("/api/v1/namespaces/default/pods",
				"{\"metadata\":{\"name\":\"web\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"x\"}]}}");
		this.server.podLog("default", "web").append("hello", "world");
		assertThat(ok("logs", "web", "--tail=1").stdout()).isEqualTo("world\n");
		this.server.onExec("echo", (call) -> {
			call.stdout().print(String.join(" ", call.command().subList(1, call.command().size())) + "\n");
			return 0;
		});
		assertThat(ok("exec", "web", "--", "echo", "from", "exec").stdout()).isEqualTo("from exec\n");
		this.server.onExec("false", (call) -> 1);
		assertThat(kubectl("exec", "web", "--", "false").exitCode()).isEqualTo(1);
	}

}
