package dev.attnlab.harness.cli;

import com.google.inject.AbstractModule;

/** Binds what only the command line has: its {@link Console}. */
final class CliModule extends AbstractModule {

    private final Console console;

    CliModule(Console console) {
        this.console = console;
    }

    @Override
    protected void configure() {
        bind(Console.class).toInstance(console);
    }
}
