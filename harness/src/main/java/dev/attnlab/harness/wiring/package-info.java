/**
 * Guice wiring of the harness: {@link dev.attnlab.harness.wiring.AttnlabModule} binds the plugin
 * registry, the experiment loader and the services built on them, from the
 * {@link dev.attnlab.harness.wiring.AttnlabOptions} the command line was started with.
 */
package dev.attnlab.harness.wiring;
