package dev.lightkube.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.resource.ResourceRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeYamlTests {

	private static final String MANIFEST = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: web
			  namespace: shop
			spec:
			  replicas: 2
			  selector:
			    matchLabels: {app: web}
			  template:
			    metadata:
			      labels: {app: web}
			    spec:
			      containers:
			      - name: web
			        image: nginx:1.27
			        ports:
			        - containerPort: 80
			        resources:
			          limits: {cpu: 500m, memory: 128Mi}
			---
			apiVersion: v1
			kind: Service
			metadata:
			  name: web
			spec:
			  selector: {app: web}
			  ports:
			  - port: 80
			    targetPort: http
			---
			---
			apiVersion: v1
			kind: ConfigMap
			metadata:
			  name: settings
			data:
			  port: "8080"
			  enabled: "true"
			  empty: ""
			  nothing: "null"
			---
			apiVersion: apiextensions.k8s.io/v1
			kind: CustomResourceDefinition
			metadata:
			  name: crontabs.stable.example.com
			spec:
			  group: stable.example.com
			  scope: Namespaced
			  names: {kind: CronTab, plural: crontabs, singular: crontab, listKind: CronTabList}
			  versions:
			  - name: v1
			    served: true
			    storage: true
			    schema:
			      openAPIV3Schema:
			        type: object
			        x-kubernetes-preserve-unknown-fields: true
			---
			apiVersion: stable.example.com/v1
			kind: CronTab
			metadata:
			  name: every-five
			spec:
			  cronSpec: "* * * * */5"
			  replicas: 3
			---
			apiVersion: v1
			kind: List
			items:
			- apiVersion: v1
			  kind: Namespace
			  metadata: {name: shop}
			- apiVersion: v1
			  kind: ServiceAccount
			  metadata: {name: robot, namespace: shop}
			""";

	@Test
	void loadsEveryDocumentIntoItsClass() {
		List<HasMetadata> objects = KubeYaml.loadAll(new StringReader(MANIFEST), new ResourceRegistry(), true);
		assertThat(objects).extracting((o) -> o.getClass().getSimpleName()).containsExactly("Deployment", "Service",
				"ConfigMap", "CustomResourceDefinition", "GenericKubernetesResource", "Namespace", "ServiceAccount");
		Deployment deployment = (Deployment) objects.get(0);
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
			.get("cpu").toString()).isEqualTo("500m");
		assertThat(((Service) objects.get(1)).getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
		assertThat(((ConfigMap) objects.get(2)).getData()).containsEntry("port", "8080").containsEntry("enabled", "true")
			.containsEntry("nothing", "null").containsEntry("empty", "");
		GenericKubernetesResource crontab = (GenericKubernetesResource) objects.get(4);
		assertThat(crontab.getKind()).isEqualTo("CronTab");
		assertThat(crontab.<Object>get("spec", "cronSpec")).isEqualTo("* * * * */5");
	}

	@Test
	void dumpThenLoadGivesEqualObjects() {
		List<HasMetadata> objects = KubeYaml.loadAll(MANIFEST);
		String yaml = KubeYaml.dumpAll(objects);
		List<HasMetadata> again = KubeYaml.loadAll(yaml);
		assertThat(again).isEqualTo(objects);
		assertThat(yaml).contains("port: \"8080\"").contains("enabled: \"true\"").contains("\n---\n");
		assertThat(KubeYaml.dump(objects.get(2))).startsWith("apiVersion: v1\n");
	}

	@Test
	void sortsForApplyAndDeleteWithLightkubesTableAndAStableReverse() {
		List<HasMetadata> objects = KubeYaml.loadAll(MANIFEST);
		objects = new java.util.ArrayList<>(objects);
		objects.add(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("s").endMetadata().build());
		objects.add(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder().withNewMetadata().withName("r").endMetadata().build());
		List<HasMetadata> apply = KubeYaml.sortForApply(objects);
		assertThat(apply).extracting(HasMetadata::getKind).containsExactly("CustomResourceDefinition", "Namespace",
				"Secret", "ServiceAccount", "ConfigMap", "Role", "Deployment", "Service", "CronTab");
		// Python's sorted(reverse=True) is stable: objects of the same rank keep their file order.
		assertThat(KubeYaml.sortForDelete(objects)).extracting(HasMetadata::getKind).containsExactly("Deployment",
				"Service", "CronTab", "Role", "ConfigMap", "ServiceAccount", "Secret", "Namespace",
				"CustomResourceDefinition");
		assertThat(apply.get(0)).isInstanceOf(CustomResourceDefinition.class);
		assertThat(apply.get(1)).isInstanceOf(Namespace.class);
		assertThat(apply.get(2)).isInstanceOf(Secret.class);
		assertThat(apply.get(3)).isInstanceOf(ServiceAccount.class);
		assertThat(apply.get(5)).isInstanceOf(Role.class);
	}

	@Test
	void rbacIsOrderedRolesFirstThenBindings() {
		List<HasMetadata> objects = List.of(
				new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder().withNewMetadata().withName("crb")
					.endMetadata().build(),
				new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder().withNewMetadata().withName("rb")
					.endMetadata().build(),
				new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder().withNewMetadata().withName("cr")
					.endMetadata().build(),
				new io.fabric8.kubernetes.api.model.rbac.RoleBuilder().withNewMetadata().withName("r").endMetadata()
					.build());
		assertThat(KubeYaml.sortForApply(objects)).extracting(HasMetadata::getKind)
			.containsExactly("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
	}

	@Test
	void badDocumentsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> KubeYaml.loadAll("kind: Pod\n---\napiVersion: v1\n"))
			.withMessage("Document 1 has no apiVersion or kind");
		assertThatIllegalArgumentException().isThrownBy(() -> KubeYaml.loadAll("apiVersion: v1\nkind: Pod\n---\n- a\n"))
			.withMessage("Document 2 is not a mapping");
		assertThatIllegalArgumentException().isThrownBy(() -> KubeYaml.loadAll("a: [\n"))
			.withMessageStartingWith("Invalid YAML in document 1");
		assertThat(KubeYaml.loadAll("---\n---\n")).isEmpty();
		assertThat(KubeYaml.loadAll("")).isEmpty();
	}

}
