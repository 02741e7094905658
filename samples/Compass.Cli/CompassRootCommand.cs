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

    public static RootCommand Create(CliContext context)
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

        Command[] commands =
        [
            new PlanCommand(context),
            new ChatCommand(context),
            new ExtractCommand(context),
            new EvalIntentsCommand(context),
            new EstimateCommand(context),
            new SimulateCommand(context),
            new CatalogCommand(context),
            new GenerateCommand(context),
            new DeployCommand(context),
            new StatusCommand(context),
            new ListCommand(context),
            new DeleteCommand(context),
            new RollbackCommand(context),
            new LoadTestCommand(context),
            new ValidateCommand(context),
            new DbCommands(context),
            new DbCalibrateCommand(context, "calibrate"),
        ];
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
