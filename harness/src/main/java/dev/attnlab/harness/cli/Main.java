package dev.attnlab.harness.cli;

/** Entry point of the {@code attnlab} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("attnlab: under construction");
    }
}
