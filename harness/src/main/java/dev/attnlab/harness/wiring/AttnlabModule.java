package dev.attnlab.harness.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.attnlab.harness.config.ExperimentLoader;
import dev.attnlab.harness.experiment.DatasetProvider;
import dev.attnlab.harness.experiment.ExperimentRunner;
import dev.attnlab.harness.experiment.ModelProvider;
import dev.attnlab.harness.experiment.ProviderCatalog;
import dev.attnlab.harness.plugins.PluginDiscovery;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.runtime.ModelRuntime;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds the harness's services: the plugin registry, the experiment loader, the model runtime and the
 * experiment runner with its model and data sources. Everything is made in {@code @Provides} methods
 * from public constructors, so that Guice needs reflective access to this package only (module-info
 * opens it to com.google.guice) and the other packages stay closed. Nothing is made before it is
 * asked for: {@code attnlab plugins} never starts ONNX Runtime.
 */
public final class AttnlabModule extends AbstractModule {

    /** Where exported graphs are cached, under the working directory. */
    public static final String CACHE_DIR = ".attnlab/cache";

    private final AttnlabOptions options;

    public AttnlabModule(AttnlabOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected void configure() {
        bind(AttnlabOptions.class).toInstance(options);
    }

    /** Discovery runs once per process, on first use. */
    @Provides
    @Singleton
    PluginRegistry pluginRegistry(AttnlabOptions options) {
        return new PluginDiscovery(options.reservedCommands())
                .discover(options.pluginsDir(), options.pluginsDirRequired());
    }

    @Provides
    @Singleton
    ExperimentLoader experimentLoader(PluginRegistry registry) {
        return new ExperimentLoader(registry);
    }

    @Provides
    @Singleton
    ModelRuntime modelRuntime() {
        return new ModelRuntime();
    }

    @Provides
    ProviderCatalog providerCatalog(PluginRegistry registry) {
        return new RegistryCatalog(registry);
    }

    @Provides
    ModelProvider modelProvider(ModelRuntime runtime, AttnlabOptions options) {
        return new RuntimeModelProvider(runtime, options.workingDirectory().resolve(CACHE_DIR));
    }

    @Provides
    DatasetProvider datasetProvider() {
        return new SourceDatasetProvider();
    }

    @Provides
    ExperimentRunner experimentRunner(ProviderCatalog catalog, ModelProvider models, DatasetProvider data) {
        return new ExperimentRunner(catalog, models, data);
    }
}
