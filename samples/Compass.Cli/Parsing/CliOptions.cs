using System.CommandLine;
using System.CommandLine.Parsing;

namespace Compass.Cli.Parsing;

/// <summary>
/// Builds the typed options of the commands. Each parser checks its own value (numbers with units, ranges, allowed
/// names) and reports a one-line error that names the option and says what it accepts.
/// </summary>
internal static class CliOptions
{
    /// <summary>A value taken as given (paths, names, URLs); the command checks what it means.</summary>
    public static Option<string?> Text(string name, string description, string helpName = "VALUE")
        => new("--" + name) { Description = description, HelpName = helpName, CustomParser = r => Single(name, r) };

    /// <summary>
    /// A catalog name (a GPU, a model): taken as given, but an empty or blank value (<c>--gpu ""</c>, usually an unset
    /// shell variable) is an error that says what to give, rather than a lookup of nothing.
    /// </summary>
    /// <param name="name">The option's name, without dashes.</param>
    /// <param name="description">The help text.</param>
    /// <param name="helpName">The value's name in the help.</param>
    /// <param name="example">An example value, shown in the error.</param>
    /// <param name="list">The command that lists the known names, shown in the error, if any.</param>
    public static Option<string?> Name(string name, string description, string helpName, string example, string? list = null)
        => new("--" + name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r =>
            {
                var value = Single(name, r);
                if (value is not null && string.IsNullOrWhiteSpace(value))
                {
                    r.AddError($"--{name} is empty; give a name, e.g. --{name} {example}{(list is null ? string.Empty : $" ('{list}' lists them)")}, or leave --{name} out.");
                    return null;
                }

                return value;
            },
        };

    /// <summary>A switch without a value.</summary>
    public static Option<bool> Flag(string name, string description)
        => new("--" + name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; accepts 5,000 and 5k.</summary>
    public static Option<int?> Int(string name, int min, int max, string description, string helpName = "N")
        => new("--" + name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => Single(name, r) is { } text ? Report(r, NumberText.Int(name, text, min, max, out var error), error) : null,
        };

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>], optionally with its unit (200ms) or as a percentage.</summary>
    public static Option<double?> Number(string name, double min, double max, string description, string unit = "", bool allowPercent = false, string helpName = "F")
        => new("--" + name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => Single(name, r) is { } text ? Report(r, NumberText.Number(name, text, min, max, unit, allowPercent, out var error), error) : null,
        };

    /// <summary>A duration as Prometheus writes it (30s, 5m, 1h30m), in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<TimeSpan?> Duration(string name, TimeSpan min, TimeSpan max, string description, string helpName = "DURATION")
        => new("--" + name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => Single(name, r) is { } text ? Report(r, DurationText.Parse(name, text, min, max, out var error), error) : null,
        };

    /// <summary>Names that may repeat (--gpu H100 --gpu L4) or be separated by commas (--gpu H100,L4); an empty name is an error.</summary>
    public static Option<IReadOnlyList<string>> List(string name, string description, string helpName = "NAME[,NAME]", params string[] examples)
        => new("--" + name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.OneOrMore,
            DefaultValueFactory = _ => [],
            CustomParser = r =>
            {
                var given = r.Tokens.Select(t => t.Value).ToList();
                var items = given.SelectMany(x => x.Split(',', StringSplitOptions.TrimEntries)).ToList();
                if (items.Any(i => i.Length == 0))
                {
                    var example = examples.Length == 0 ? string.Empty : $" (e.g. --{name} {string.Join(",", examples)})";
                    r.AddError(given.All(string.IsNullOrWhiteSpace)
                        ? $"--{name} is empty; give one or more names separated by commas{example}, or leave --{name} out."
                        : $"--{name} has an empty name in '{string.Join(",", given)}'; give one or more names separated by commas{example}, or leave --{name} out.");
                    return [];
                }

                return items;
            },
        };

    /// <summary>One of a few names, case-insensitive; tab completion offers them.</summary>
    /// <summary>A retired option: hidden, and any use is an error naming its replacement and what it means.</summary>
    public static Option<string?> Renamed(string name, string replacement, string meaning)
        => new("--" + name)
        {
            Hidden = true,
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                r.AddError($"--{name} was renamed to --{replacement} (high, medium or low: {meaning}).");
                return null;
            },
        };

    public static Option<T?> Choice<T>(string name, IReadOnlyDictionary<string, T> choices, string description, string? helpName = null)
        where T : struct
    {
        var option = new Option<T?>("--" + name)
        {
            Description = description,
            HelpName = helpName ?? string.Join("|", choices.Keys),
            CustomParser = r =>
            {
                if (Single(name, r) is not { } text)
                {
                    return null;
                }

                if (choices.TryGetValue(text.Trim().ToLowerInvariant(), out var value))
                {
                    return value;
                }

                r.AddError($"--{name} must be one of {string.Join(", ", choices.Keys)} (got '{text}').");
                return null;
            },
        };
        option.CompletionSources.Add(choices.Keys.ToArray());
        return option;
    }

    /// <summary>Adds completions (names from the catalog) to a text or list option.</summary>
    public static TOption Completing<TOption>(this TOption option, Func<IEnumerable<string>> values)
        where TOption : Option
    {
        option.CompletionSources.Add(context => values().Where(v => v.StartsWith(context.WordToComplete, StringComparison.OrdinalIgnoreCase)));
        return option;
    }

    // The one value of an option that must not repeat (a repeat is reported by ParseErrorMessage, naming both values).
    // A value that looks like an option ("--kb --json") means the value was left out.
    private static string? Single(string name, ArgumentResult result)
    {
        if (result.Tokens.Count != 1)
        {
            return null;
        }

        var value = result.Tokens[0].Value;
        if (value.StartsWith("--", StringComparison.Ordinal))
        {
            result.AddError($"--{name} needs a value.");
            return null;
        }

        return value;
    }

    private static T? Report<T>(ArgumentResult result, T? value, string? error)
        where T : struct
    {
        if (error is not null)
        {
            result.AddError(error);
        }

        return value;
    }
}
