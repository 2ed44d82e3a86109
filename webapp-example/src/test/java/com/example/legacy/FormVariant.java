package com.example.legacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The example WAR with a FORM login-config instead of BASIC, as a legacy app with a login page has
 * it: {@code /login.html} (a plain HTML form posting to {@code j_security_check}) and {@code
 * /login-error.html}; nothing else changes. Written as {@code example-form.war} into a directory
 * of the test's. Stateless.
 */
final class FormVariant {

    static final String LOGIN_PAGE_MARK = "<title>example login</title>";
    static final String ERROR_PAGE_MARK = "<title>example login failed</title>";

    static final String BASIC_LOGIN_CONFIG = "<login-config>\n    <auth-method>BASIC</auth-method>\n"
            + "    <realm-name>jwt-auth example</realm-name>\n  </login-config>";
    static final String FORM_LOGIN_CONFIG = "<login-config>\n    <auth-method>FORM</auth-method>\n"
            + "    <form-login-config>\n      <form-login-page>/login.html</form-login-page>\n"
            + "      <form-error-page>/login-error.html</form-error-page>\n    </form-login-config>\n"
            + "  </login-config>";

    private FormVariant() {
    }

    /** Writes {@code dir/example-form.war} from {@code war} and returns it. */
    static Path of(Path war, Path dir) throws IOException {
        Path out = Files.createDirectories(dir).resolve("example-form.war");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            boolean replaced = false;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("WEB-INF/web.xml")) {
                    String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (!xml.contains(BASIC_LOGIN_CONFIG)) {
                        throw new IllegalStateException("the example's login-config changed: " + xml);
                    }
                    zip.write(xml.replace(BASIC_LOGIN_CONFIG, FORM_LOGIN_CONFIG).getBytes(StandardCharsets.UTF_8));
                    replaced = true;
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            if (!replaced) {
                throw new IllegalStateException("no WEB-INF/web.xml in " + war);
            }
            add(zip, "login.html", "<!doctype html><html><head>" + LOGIN_PAGE_MARK + "</head><body>"
                    + "<form method=\"post\" action=\"j_security_check\">"
                    + "<input name=\"j_username\"><input name=\"j_password\" type=\"password\">"
                    + "<button>Log in</button></form></body></html>\n");
            add(zip, "login-error.html", "<!doctype html><html><head>" + ERROR_PAGE_MARK
                    + "</head><body>Wrong user name or password.</body></html>\n");
        }
        return out;
    }

    private static void add(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
