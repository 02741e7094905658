using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using Compass.Cli.Commands;
using Compass.Cli.Commands.Database;
using Compass.Cli.Commands.Kubernetes;
using Compass.Cli.Commands.LoadTesting;

namespace Compass.Cli;

/// <summary>The definition of the <c>compass</c> command line: every command, its options, help and completions.</summary>
internal static class CompassRootCommand
{
    /// <summary>Gets the informational version of the assembly (e.g. 0.1.0+commit).</summary>
    public static string Version { get; } =
        typeof(CompassRootCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CompassRootCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>
    /// Every command, by the name it is typed as, with how to build it. Building one costs its options, parsers and
    /// help text, so a run builds only the command it runs (see <see cref="Create(CliContext, IReadOnlyList{string}?)"/>).
    /// </summary>
    internal static readonly (string Name, Func<CliContext, Command> Create)[] Commands =
    [
        ("plan", c => new PlanCommand(c)),
        ("chat", c => new ChatCommand(c)),
        ("extract", c => new ExtractCommand(c)),
        ("eval-intents", c => new EvalIntentsCommand(c)),
        ("estimate", c => new EstimateCommand(c)),
        ("simulate", c => new SimulateCommand(c)),
        ("catalog", c => new CatalogCommand(c)),
        ("generate", c => new GenerateCommand(c)),
        ("deploy", c => new DeployCommand(c)),
        ("status", c => new StatusCommand(c)),
        ("list", c => new ListCommand(c)),
        ("delete", c => new DeleteCommand(c)),
        ("rollback", c => new RollbackCommand(c)),
        ("loadtest", c => new LoadTestCommand(c)),
        ("validate", c => new ValidateCommand(c)),
        ("db", c => new DbCommands(c)),
        ("calibrate", c => new DbCalibrateCommand(c, "calibrate")),
    ];

    /// <summary>Builds the whole command line (every command).</summary>
    public static RootCommand Create(CliContext context) => Create(context, null);

    /// <summary>
    /// Builds the command line for one run: when <paramref name="args"/> starts with a command's name, only that command
    /// is built (start-up cost); otherwise (help, a directive, a global option first, a typo that needs "did you mean")
    /// every command is.
    /// </summary>
    public static RootCommand Create(CliContext context, IReadOnlyList<string>? args)
    {
        var root = new RootCommand("""
            compass: plan right-sized LLM deployments.

            Run 'compass <command> --help' for a command's options. Tab completion: see docs/cli.md ('compass [suggest] ...').
            """);
        root.Options.Add(context.KnowledgeBaseOption);
        var details = new Dictionary<Command, string>();
        foreach (var option in root.Options)
        {
            switch (option)
            {
                case VersionOption:
                    option.Action = new VersionAction();
                    break;
                case HelpOption { Action: HelpAction generated }:
                    generated.MaxWidth = context.Width;
                    option.Action = new HelpWithDetails(generated, details);
                    break;
            }
        }

        var first = args is [var word, ..] ? word : null;
        var only = Array.FindIndex(Commands, c => string.Equals(c.Name, first, StringComparison.Ordinal));
        Command[] commands = only >= 0
            ? [Commands[only].Create(context)]
            : [.. Commands.Select(c => c.Create(context))];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        foreach (var command in commands.Concat(commands.SelectMany(c => c.Subcommands)))
        {
            var description = (command.Description ?? string.Empty).ReplaceLineEndings("\n");
            var blank = description.IndexOf("\n\n", StringComparison.Ordinal);
            if (blank > 0)
            {
                command.Description = description[..blank];
                details[command] = description[(blank + 2)..].TrimEnd();
            }
        }

        return root;
    }

    /// <summary>
    /// The generated help, fitted to the width, followed by the command's details: a command's description is a
    /// one-line summary (what lists of commands show), a blank line, then the details its own help adds.
    /// </summary>
    private sealed class HelpWithDetails(HelpAction generated, IReadOnlyDictionary<Command, string> details) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            generated.Invoke(parseResult);
            if (details.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Details:");
                foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
                {
                    output.WriteLine(("  " + line).TrimEnd());
                }

                output.WriteLine();
            }

            return ExitCodes.Success;
        }
    }

    /// <summary><c>compass --version</c>: the informational version.</summary>
    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine("compass " + Version);
            return ExitCodes.Success;
        }
    }
}
