package dev.attnlab.harness.cli;

import com.google.inject.Injector;
import picocli.CommandLine;

/** Lets Guice make this package's commands (constructor injection); picocli makes its own classes. */
final class GuiceFactory implements CommandLine.IFactory {

    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type.getPackageName().equals(GuiceFactory.class.getPackageName())) {
            return injector.getInstance(type);
        }
        return CommandLine.defaultFactory().create(type);
    }
}
