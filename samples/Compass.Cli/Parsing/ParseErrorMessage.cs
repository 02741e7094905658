using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Compass.Core.Knowledge;

namespace Compass.Cli.Parsing;

/// <summary>
/// Turns a failed parse into the one line the user sees: what is wrong and how to fix it (an unknown option with the
/// closest known one, a missing value, an option given twice, a value out of range), never the parser's own wording.
/// </summary>
internal static class ParseErrorMessage
{
    /// <summary>Gets the first problem with the command line, or null when there is none.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="args">The command line as given, to tell what came after <c>--</c> and how options were written.</param>
    public static string? First(ParseResult result, IReadOnlyList<string> args)
    {
        var command = result.CommandResult.Command;
        var path = Path(result.CommandResult);
        var options = OptionsOf(result.CommandResult).ToList();
        var end = IndexOf(args, "--");
        var before = args.Take(end).ToList();

        foreach (var arg in before.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)))
        {
            var name = arg[..arg.IndexOf('=', StringComparison.Ordinal)];
            var option = options.FirstOrDefault(o => o.Name == name);
            if (option is { Arity.MaximumNumberOfValues: 0 })
            {
                return $"{name} takes no value.";
            }

            // "--kb=" has no value; the parser would otherwise take the next argument as one.
            if (option is not null && arg.Length == name.Length + 1)
            {
                return NeedsValue(name);
            }
        }

        var positionals = result.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).Concat(result.UnmatchedTokens);
        foreach (var token in positionals.Where(t => t.Length > 1 && t[0] == '-' && before.Contains(t) && !IsNumber(t)))
        {
            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                return $"'{token}' is not an option of '{path}'; options start with '--'. Run '{path} --help'.";
            }

            var name = token.Split('=', 2)[0][2..];
            var names = options.Select(o => o.Name[2..]).ToList();
            var suggestion = names.OrderBy(k => NameMatching.Distance(k, name)).FirstOrDefault(k => NameMatching.Distance(k, name) <= Math.Max(2, name.Length / 3));
            return suggestion is null
                ? $"'{path}' has no option --{name}. Run '{path} --help'."
                : $"'{path}' has no option --{name}. Did you mean --{suggestion}?";
        }

        if (result.Errors.Count == 0)
        {
            return null;
        }

        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult { IdentifierTokenCount: > 1 } repeated && repeated.Option.Arity.MaximumNumberOfValues <= 1)
            {
                return repeated.Tokens.Count >= 2
                    ? $"{repeated.Option.Name} is given twice ('{repeated.Tokens[0].Value}' and '{repeated.Tokens[1].Value}'); give it once."
                    : $"{repeated.Option.Name} is given twice.";
            }
        }

        foreach (var option in result.CommandResult.Children.OfType<OptionResult>().Concat(result.RootCommandResult.Children.OfType<OptionResult>()))
        {
            if (option.IdentifierTokenCount > 1 && option.Option.Arity.MaximumNumberOfValues == 0)
            {
                return $"{option.Option.Name} is given twice.";
            }
        }

        var first = result.Errors[0];
        if (first.SymbolResult is OptionResult { Tokens.Count: 0 } missing)
        {
            return NeedsValue(missing.Option.Name);
        }

        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            return command switch
            {
                RootCommand => $"Unknown command '{token}'.{DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} Commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}. Run 'compass --help'.",
                { Subcommands.Count: > 0 } => $"Unknown {command.Name} command '{token}'. Use {string.Join(", ", command.Subcommands.Select(c => c.Name))} ({path} --help).",
                _ => $"'{path}' takes options only (got '{token}'). Run '{path} --help' for an example.",
            };
        }

        return first.Message.ReplaceLineEndings(" ");
    }

    private static string NeedsValue(string option) => option switch
    {
        "--kb" => KnowledgeBaseOption.NeedsValue,
        _ => $"{option} needs a value.",
    };

    private static string DidYouMean(string token, IEnumerable<string> names)
    {
        var best = names.OrderBy(n => NameMatching.Distance(n, token)).FirstOrDefault(n => NameMatching.Distance(n, token) <= Math.Max(2, token.Length / 3));
        return best is null ? string.Empty : $" Did you mean {best}?";
    }

    private static IEnumerable<Option> OptionsOf(CommandResult result)
    {
        foreach (var option in result.Command.Options)
        {
            yield return option;
        }

        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current is not null; current = current.Parent as CommandResult)
        {
            names.Insert(0, current.Command is RootCommand ? "compass" : current.Command.Name);
        }

        return string.Join(' ', names);
    }

    private static int IndexOf(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == value)
            {
                return i;
            }
        }

        return args.Count;
    }

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
