using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Compass.Observability.Prometheus;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4): <c># HELP</c> and <c># TYPE</c> lines, sample lines
/// <c>name{label="value",…} value [timestamp]</c> with <c>\\</c>, <c>\"</c> and <c>\n</c> escapes in label values (and
/// <c>\\</c>, <c>\n</c> in help text), and the values <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>. Other comments are skipped.
/// </summary>
internal static class PrometheusTextParser
{
    public static PrometheusSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var order = new List<string>();
        var types = new Dictionary<string, PrometheusMetricType>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, ImmutableArray<PrometheusSample>.Builder>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                ReadComment(line, lineNumber, order, types, helps);
                continue;
            }

            var sample = ReadSample(line, lineNumber);
            var family = FamilyOf(sample.Name, types);
            if (!samples.TryGetValue(family, out var list))
            {
                samples[family] = list = ImmutableArray.CreateBuilder<PrometheusSample>();
                if (!order.Contains(family))
                {
                    order.Add(family);
                }
            }

            list.Add(sample);
        }

        var families = order.Select(name => new PrometheusFamily(
            name,
            types.GetValueOrDefault(name, PrometheusMetricType.Untyped),
            helps.GetValueOrDefault(name),
            samples.TryGetValue(name, out var list) ? list.ToImmutable() : []));
        return new PrometheusSnapshot([.. families]);
    }

    private static void ReadComment(string line, int lineNumber, List<string> order, Dictionary<string, PrometheusMetricType> types, Dictionary<string, string> helps)
    {
        var body = line[1..].TrimStart();
        var isHelp = body.StartsWith("HELP ", StringComparison.Ordinal);
        var isType = body.StartsWith("TYPE ", StringComparison.Ordinal);
        if (!isHelp && !isType)
        {
            return;
        }

        var rest = body[5..].TrimStart();
        var space = rest.IndexOfAny([' ', '\t']);
        var name = space < 0 ? rest : rest[..space];
        var value = space < 0 ? string.Empty : rest[(space + 1)..].Trim();
        if (!IsMetricName(name))
        {
            throw new PrometheusFormatException(lineNumber, $"'{name}' is not a metric name.");
        }

        if (!order.Contains(name))
        {
            order.Add(name);
        }

        if (isHelp)
        {
            helps[name] = UnescapeHelp(value, lineNumber);
            return;
        }

        if (types.ContainsKey(name))
        {
            throw new PrometheusFormatException(lineNumber, $"a second # TYPE line for {name}.");
        }

        types[name] = value switch
        {
            "counter" => PrometheusMetricType.Counter,
            "gauge" => PrometheusMetricType.Gauge,
            "histogram" => PrometheusMetricType.Histogram,
            "summary" => PrometheusMetricType.Summary,
            "untyped" => PrometheusMetricType.Untyped,
            _ => throw new PrometheusFormatException(lineNumber, $"'{value}' is not a metric type (counter, gauge, histogram, summary or untyped)."),
        };
    }

    private static PrometheusSample ReadSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        var name = line[..i];
        if (name.Length == 0)
        {
            throw new PrometheusFormatException(lineNumber, $"expected a metric name at the start of '{Clip(line)}'.");
        }

        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i = ReadLabels(line, i + 1, lineNumber, labels);
        }

        var parts = line[i..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
        {
            throw new PrometheusFormatException(lineNumber, $"expected a value (and an optional timestamp) after {name} in '{Clip(line)}'.");
        }

        var value = ParseValue(parts[0], lineNumber);
        long? timestamp = null;
        if (parts.Length == 2)
        {
            timestamp = long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts)
                ? ts
                : throw new PrometheusFormatException(lineNumber, $"'{parts[1]}' is not a timestamp (ms since the epoch).");
        }

        return new PrometheusSample(name, labels.ToImmutable(), value, timestamp);
    }

    private static int ReadLabels(string line, int i, int lineNumber, ImmutableSortedDictionary<string, string>.Builder labels)
    {
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }

            var start = i;
            while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_') && !(i == start && char.IsAsciiDigit(line[i])))
            {
                i++;
            }

            var label = line[start..i];
            if (label.Length == 0 || i >= line.Length || line[i] != '=' || i + 1 >= line.Length || line[i + 1] != '"')
            {
                throw new PrometheusFormatException(lineNumber, $"expected label=\"value\" at column {start + 1} of '{Clip(line)}'.");
            }

            i += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new PrometheusFormatException(lineNumber, $"the value of label {label} is not closed with '\"'.");
                }

                var c = line[i++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    if (i >= line.Length)
                    {
                        throw new PrometheusFormatException(lineNumber, $"a backslash ends the value of label {label}.");
                    }

                    value.Append(line[i++] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        var other => throw new PrometheusFormatException(lineNumber, $"'\\{other}' is not an escape in a label value (use \\\\, \\\" or \\n)."),
                    });
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(label, value.ToString()))
            {
                throw new PrometheusFormatException(lineNumber, $"label {label} is given twice.");
            }

            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == ',')
            {
                i++;
                continue;
            }

            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }

            throw new PrometheusFormatException(lineNumber, $"expected ',' or '}}' after label {label} in '{Clip(line)}'.");
        }
    }

    internal static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new PrometheusFormatException(lineNumber, $"'{text}' is not a number."),
    };

    private static string UnescapeHelp(string text, int lineNumber)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                throw new PrometheusFormatException(lineNumber, "a backslash ends the help text.");
            }

            result.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw new PrometheusFormatException(lineNumber, $"'\\{other}' is not an escape in help text (use \\\\ or \\n)."),
            });
        }

        return result.ToString();
    }

    private static string FamilyOf(string sample, Dictionary<string, PrometheusMetricType> types)
    {
        if (types.ContainsKey(sample))
        {
            return sample;
        }

        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type)
                && type is PrometheusMetricType.Histogram or PrometheusMetricType.Summary && (suffix != "_bucket" || type == PrometheusMetricType.Histogram))
            {
                return sample[..^suffix.Length];
            }
        }

        return sample;
    }

    internal static bool IsMetricName(string name) => name.Length > 0 && name.Select((c, i) => IsNameChar(c, i == 0)).All(ok => ok);

    private static bool IsNameChar(char c, bool first) => char.IsAsciiLetter(c) || c is '_' or ':' || (!first && char.IsAsciiDigit(c));

    private static string Clip(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
