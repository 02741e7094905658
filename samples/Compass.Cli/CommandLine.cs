using System.Globalization;
using Compass.Core.Knowledge;

namespace Compass.Cli;

/// <summary>
/// The parsed arguments of one command: positional values and <c>--name value</c> / <c>--name=value</c> options.
/// Every option must be declared by the command; unknown, repeated or value-less options are errors with a hint.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine(string command, IReadOnlyList<string> positionals)
    {
        Command = command;
        Positionals = positionals;
    }

    public string Command { get; }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses arguments against the command's options (values) and flags (switches).</summary>
    /// <param name="command">The command name, for messages.</param>
    /// <param name="args">The arguments after the command.</param>
    /// <param name="options">Options that take a value; those ending in '*' may repeat.</param>
    /// <param name="flags">Options without a value.</param>
    public static CommandLine Parse(string command, IReadOnlyList<string> args, IEnumerable<string> options, IEnumerable<string> flags)
    {
        var repeatable = options.Where(o => o.EndsWith('*')).Select(o => o.TrimEnd('*')).ToHashSet(StringComparer.Ordinal);
        var valued = options.Select(o => o.TrimEnd('*')).ToHashSet(StringComparer.Ordinal);
        var switches = flags.ToHashSet(StringComparer.Ordinal);
        var positionals = new List<string>();
        var result = new CommandLine(command, positionals);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.StartsWith('-') && arg.Length > 1 && !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new CliException($"'{arg}' is not an option of 'compass {command}'; options start with '--'. Run 'compass {command} --help'.");
                }

                positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            if (switches.Contains(name))
            {
                if (inline is not null)
                {
                    throw new CliException($"--{name} takes no value.");
                }

                if (!result._flags.Add(name))
                {
                    throw new CliException($"--{name} is given twice.");
                }

                continue;
            }

            if (!valued.Contains(name))
            {
                var known = valued.Concat(switches).ToArray();
                var suggestion = known.OrderBy(k => NameMatching.Distance(k, name)).FirstOrDefault(k => NameMatching.Distance(k, name) <= Math.Max(2, name.Length / 3));
                throw new CliException(suggestion is null
                    ? $"'compass {command}' has no option --{name}. Run 'compass {command} --help'."
                    : $"'compass {command}' has no option --{name}. Did you mean --{suggestion}?");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null || (inline is null && value.StartsWith("--", StringComparison.Ordinal)))
            {
                throw new CliException($"--{name} needs a value.");
            }

            if (!result._options.TryGetValue(name, out var values))
            {
                result._options[name] = values = [];
            }
            else if (!repeatable.Contains(name))
            {
                throw new CliException($"--{name} is given twice ('{values[0]}' and '{value}'); give it once.");
            }

            values.Add(value);
        }

        return result;
    }

    public bool Has(string flag) => _flags.Contains(flag) || _options.ContainsKey(flag);

    public string? Get(string option) => _options.TryGetValue(option, out var v) ? v[0] : null;

    /// <summary>Gets every value of a repeatable option, split on commas; an empty value is an error, not "no filter".</summary>
    public IReadOnlyList<string> GetList(string option)
    {
        if (!_options.TryGetValue(option, out var v))
        {
            return [];
        }

        var items = v.SelectMany(x => x.Split(',', StringSplitOptions.TrimEntries)).ToList();
        return items.Any(i => i.Length == 0)
            ? throw new CliException($"--{option} has an empty name in '{string.Join(",", v)}'; give one or more names separated by commas, or leave --{option} out.")
            : items;
    }

    public int? GetInt(string option, int min, int max)
    {
        var text = Get(option);
        if (text is null)
        {
            return null;
        }

        var clean = Separators(option, text.Trim()).Replace("_", string.Empty, StringComparison.Ordinal);
        var multiplier = 1;
        if (clean.EndsWith('k') || clean.EndsWith('K'))
        {
            multiplier = 1000;
            clean = clean[..^1];
        }

        if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number))
        {
            throw new CliException($"--{option} must be a whole number (got '{text}').");
        }

        number *= multiplier;
        if (number < min || number > max)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--{option} must be between {min:N0} and {max:N0} (got {text})."));
        }

        return (int)number;
    }

    public double? GetDouble(string option, double min, double max, string unit = "", bool allowPercent = false)
    {
        var text = Get(option);
        if (text is null)
        {
            return null;
        }

        var clean = Separators(option, text.Trim().TrimStart('$')).Replace("_", string.Empty, StringComparison.Ordinal);
        var scale = 1.0;
        if (allowPercent && clean.EndsWith('%'))
        {
            scale = 0.01;
            clean = clean[..^1];
        }
        else if (clean.EndsWith('k') || clean.EndsWith('K'))
        {
            scale = 1000;
            clean = clean[..^1];
        }

        if (unit.Length > 0 && clean.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
        {
            clean = clean[..^unit.Length];
        }

        if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw new CliException($"--{option} must be a number{(unit.Length > 0 ? " of " + unit : string.Empty)} (got '{text}').");
        }

        number *= scale;
        if (number < min || number > max)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--{option} must be between {min:G} and {max:G}{(unit.Length > 0 ? " " + unit : string.Empty)} (got {text})."));
        }

        return number;
    }

    // Commas only as thousands separators (5,000 or 1,234,567.5); "1,5" is a decimal comma or a typo, so it is refused.
    private static string Separators(string option, string text)
    {
        if (!text.Contains(',', StringComparison.Ordinal))
        {
            return text;
        }

        var end = text.Length;
        while (end > 0 && !char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }

        var digits = text[..end].TrimStart('-', '+');
        var integer = digits.Split('.')[0];
        var groups = integer.Split(',');
        if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => g.All(char.IsAsciiDigit)))
        {
            throw new CliException($"--{option}: '{text}' is not a number; use '.' for decimals (1.5) and ',' only between thousands (5,000).");
        }

        return text.Replace(",", string.Empty, StringComparison.Ordinal);
    }

    public T? GetChoice<T>(string option, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var text = Get(option);
        if (text is null)
        {
            return null;
        }

        return choices.TryGetValue(text.Trim().ToLowerInvariant(), out var value)
            ? value
            : throw new CliException($"--{option} must be one of {string.Join(", ", choices.Keys)} (got '{text}').");
    }
}
