package io.github.jwtauth.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line parsed once: {@code --name value} or {@code --name=value} options (repeatable),
 * {@code --help}/{@code -h}, and positional words. Not thread-safe (one per run).
 */
final class Args {
  final List<String> positional = new ArrayList<>();
  final Map<String, List<String>> options = new LinkedHashMap<>();

  static Args parse(String[] args) throws UsageException {
    Args a = new Args();
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (s.equals("--help") || s.equals("-h")) {
        a.options.computeIfAbsent("help", k -> new ArrayList<>()).add("");
      } else if (s.startsWith("--")) {
        String name = s.substring(2);
        String value;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException("option --" + name + " needs a value");
        }
        a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  String value(String name, String def) throws UsageException {
    List<String> v = options.get(name);
    if (v == null) {
      return def;
    }
    if (v.size() > 1) {
      throw new UsageException("option --" + name + " given more than once");
    }
    return v.get(0);
  }

  List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  String required(String name) throws UsageException {
    String v = value(name, null);
    if (v == null || v.isBlank()) {
      throw new UsageException("option --" + name + " is required");
    }
    return v;
  }

  /** Refuses options this command does not take. */
  void only(Object... allowed) throws UsageException {
    Set<String> ok = new LinkedHashSet<>();
    for (Object o : allowed) {
      if (o instanceof String[] arr) {
        ok.addAll(List.of(arr));
      } else {
        ok.add((String) o);
      }
    }
    for (String name : options.keySet()) {
      if (!ok.contains(name)) {
        throw new UsageException("unknown option --" + name + " for this command");
      }
    }
  }
}
