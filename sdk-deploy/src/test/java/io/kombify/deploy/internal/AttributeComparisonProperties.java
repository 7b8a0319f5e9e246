package io.kombify.deploy.internal;

import io.kombify.deploy.Attributes;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's quick comparison of attribute values answers exactly as {@link Objects#equals},
 * for values in normal form and for maps whose keys come in another order, and its drift test
 * agrees with comparing every reported, non-sensitive attribute.
 */
class AttributeComparisonProperties {

    private static final List<String> KEYS = List.of("image", "env", "ports", "labels", "cpu", "memory", "tls", "x");

    @Property(tries = 500)
    void sameValueAnswersAsEquals(@ForAll long seed) {
        Random random = new Random(seed);
        Object a = value(random, 3);
        Object b = switch (random.nextInt(4)) {
            case 0 -> a;
            case 1 -> reordered(a);
            case 2 -> changed(a, random);
            default -> value(random, 3);
        };
        if (random.nextBoolean()) {
            a = Attributes.normalizeValue(a);
        }

        assertThat(Planner.sameValue(a, b)).as("%s vs %s", a, b).isEqualTo(Objects.equals(a, b));
        assertThat(Planner.sameValue(b, a)).as("%s vs %s", b, a).isEqualTo(Objects.equals(b, a));
    }

    @Property(tries = 300)
    void noDriftAnswersAsComparingEveryReportedAttribute(@ForAll long seed) {
        Random random = new Random(seed);
        Map<String, Object> was = Attributes.normalize(map(random, 2));
        Map<String, Object> now = new TreeMap<>(random.nextBoolean() ? was : changed(was, random));
        if (!now.isEmpty() && random.nextBoolean()) {
            // a provider that does not report an attribute (a sensitive one, say)
            now.remove(now.keySet().iterator().next());
        }
        Set<String> sensitive = random.nextBoolean() ? Set.of() : Set.of(KEYS.get(random.nextInt(KEYS.size())));

        boolean expected = true;
        for (Map.Entry<String, Object> e : was.entrySet()) {
            if (!sensitive.contains(e.getKey()) && now.containsKey(e.getKey())
                    && !Objects.equals(now.get(e.getKey()), e.getValue())) {
                expected = false;
            }
        }

        assertThat(Planner.noDrift(was, Attributes.normalize(now), sensitive, Set.of())).isEqualTo(expected);
        assertThat(Planner.noDrift(was, Attributes.normalize(now), Set.of(), sensitive)).isEqualTo(expected);
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 5);
        return switch (kind) {
            case 0 -> null;
            case 1 -> "v" + random.nextInt(3);
            case 2 -> (long) random.nextInt(3);
            case 3 -> random.nextInt(3) + 0.5;
            case 4 -> random.nextBoolean();
            case 5, 6 -> map(random, depth - 1);
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth - 1));
                }
                yield list;
            }
        };
    }

    private static Map<String, Object> map(Random random, int depth) {
        Map<String, Object> map = new TreeMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            map.put(KEYS.get(random.nextInt(KEYS.size())), value(random, depth));
        }
        return map;
    }

    /** The same value with every map's keys in reverse order. */
    private static Object reordered(Object value) {
        if (value instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (int i = entries.size() - 1; i >= 0; i--) {
                copy.put(entries.get(i).getKey(), reordered(entries.get(i).getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(AttributeComparisonProperties::reordered).toList();
        }
        return value;
    }

    /** A copy with one change somewhere: a key added, removed or given another value, or a list element changed. */
    @SuppressWarnings("unchecked")
    private static <T> T changed(T value, Random random) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new HashMap<>((Map<String, Object>) m);
            if (copy.isEmpty() || random.nextInt(3) == 0) {
                copy.put("added" + random.nextInt(2), "v");
            } else {
                String key = new ArrayList<>(copy.keySet()).get(random.nextInt(copy.size()));
                if (random.nextBoolean()) {
                    copy.remove(key);
                } else {
                    copy.put(key, changed(copy.get(key), random));
                }
            }
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l);
            if (copy.isEmpty()) {
                copy.add("v");
            } else {
                int i = random.nextInt(copy.size());
                copy.set(i, changed(copy.get(i), random));
            }
            return (T) copy;
        }
        return (T) (value instanceof String s ? s + "'" : "other");
    }
}
