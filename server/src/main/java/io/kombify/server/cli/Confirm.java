package io.kombify.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Asks for confirmation on standard input; only {@code yes} confirms. */
final class Confirm {
    private Confirm() {
    }

    static boolean ask(InputStream stdin, PrintWriter out, String question) {
        out.print(question + " Only 'yes' will be accepted: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            out.println();
            return answer != null && answer.strip().equals("yes");
        } catch (IOException e) {
            return false;
        }
    }
}
