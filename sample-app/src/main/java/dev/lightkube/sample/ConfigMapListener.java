package dev.lightkube.sample;

import dev.lightkube.EventType;
import dev.lightkube.annotation.KubeWatch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Watches the config maps selected by {@code sample.config-maps.labels} (default {@code app=web}). */
@Component
public class ConfigMapListener {

	private static final Logger logger = LoggerFactory.getLogger(ConfigMapListener.class);

	/** The last event type by config map name. */
	private final Map<String, EventType> lastEvents = new TreeMap<>();

	/** Called for each event of a selected config map. */
	@KubeWatch(value = ConfigMap.class, labels = "${sample.config-maps.labels:app=web}")
	public void onConfigMap(EventType type, ConfigMap configMap) {
		String name = configMap.getMetadata().getName();
		synchronized (this.lastEvents) {
			this.lastEvents.put(name, type);
		}
		logger.info("config map {} {} data={}", type, name, configMap.getData());
	}

	/** The config maps this listener received, with the type of the last event of each. */
	public Map<String, EventType> lastEvents() {
		synchronized (this.lastEvents) {
			return new TreeMap<>(this.lastEvents);
		}
	}

}
