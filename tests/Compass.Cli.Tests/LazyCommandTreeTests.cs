using System.CommandLine;

namespace Compass.Cli.Tests;

/// <summary>A run builds only the command it runs (start-up cost), and that command is the same as in the whole tree.</summary>
public sealed class LazyCommandTreeTests
{
    private static CliContext Context() => new(TextReader.Null, new StringWriter(), new StringWriter(), _ => null);

    [Fact]
    public void EveryCommandName_BuildsTheCommandOfThatName_AndNothingElse()
    {
        var whole = CompassRootCommand.Create(Context());

        Assert.Equal(CompassRootCommand.Commands.Select(c => c.Name), whole.Subcommands.Select(c => c.Name));
        foreach (var (name, _) in CompassRootCommand.Commands)
        {
            var one = CompassRootCommand.Create(Context(), [name, "--help"]);
            var command = Assert.Single(one.Subcommands);
            Assert.Equal(name, command.Name);
            var full = whole.Subcommands.Single(c => c.Name == name);
            Assert.Equal(Describe(full), Describe(command));
        }
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("--kb", "postgres://x/y", "plan", "chatbot")]
    [InlineData("pln", "x")]
    [InlineData("[suggest:5]", "plan ")]
    public void AnythingButACommandFirst_BuildsEveryCommand(params string[] args)
    {
        var root = CompassRootCommand.Create(Context(), args);

        Assert.Equal(CompassRootCommand.Commands.Length, root.Subcommands.Count);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("catalog")]
    [InlineData("db")]
    public async Task CommandHelp_IsTheSameAsFromTheWholeTree(string name)
    {
        var lazy = await CliRun.RunAsync(name, "--help");
        using var output = new StringWriter();
        var context = new CliContext(TextReader.Null, output, output, Environment.GetEnvironmentVariable);
        var whole = CompassRootCommand.Create(context).Parse([name, "--help"]);
        await whole.InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        Assert.Equal(ExitCodes.Success, lazy.ExitCode);
        Assert.Contains("Usage:", lazy.Stdout, StringComparison.Ordinal);
        Assert.Equal(output.ToString(), lazy.Stdout);
    }

    private static string Describe(Command command) => string.Join(
        "\n",
        new[] { command.Name, command.Description ?? string.Empty }
            .Concat(command.Arguments.Select(a => "arg " + a.Name))
            .Concat(command.Options.Select(o => "opt " + o.Name + " " + o.Description))
            .Concat(command.Subcommands.Select(Describe)));
}
