using System.Text.Json.Nodes;

namespace Compass.Cli.Tests;

/// <summary>
/// The plan's notes say what the description left to a default, with the flag that sets it — and never ask for a
/// value a flag already gave. Impossible values and empty names are one-line errors that say how to fix them.
/// </summary>
public sealed class PlanNotesTests
{
    private static string[] NoteLines(string stdout)
    {
        // A note's text wraps onto indented lines; join each note into one line.
        var notes = new List<string>();
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("  Note     ", StringComparison.Ordinal))
            {
                notes.Add(line.Trim());
            }
            else if (notes.Count > 0 && line.StartsWith("           ", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(line) && notes[^1] is var last && !last.EndsWith(".)", StringComparison.Ordinal))
            {
                notes[^1] = last + " " + line.Trim();
            }
        }

        return [.. notes];
    }

    // Each row: a description, the flag that supplies what it lacks, and words of the note that flag resolves.
    [Theory]
    [InlineData("a chatbot", "--users", "500", "no number of users")]
    [InlineData("something for our team", "--qps", "5", "no number of users")]
    [InlineData("chatbot for banana users", "--users", "80", "'banana users'")]
    [InlineData("chatbot for 500 users on our B300s", "--gpu", "H100", "'B300'")]
    [InlineData("chatbot for 500 users using Llama-9-1T", "--model", "llama-3.1-8b", "'Llama-9-1T'")]
    [InlineData("chatbot for 500 users, first token under 300 ms", "--ttft", "300", "'under 300 ms'")]
    [InlineData("chatbot for 500 users", "--latency-priority", "high", "latency, cost and accuracy priorities medium")]
    [InlineData("something for 20 people", "--use-case", "code_completion", "what the model is for")]
    public async Task Plan_NeverAsksForWhatAFlagGave(string description, string flag, string value, string words)
    {
        string[] args = flag == "--users" ? ["plan", description, flag, value, "--top", "1", "--no-verify"] : ["plan", description, flag, value, "--top", "1", "--no-verify", "--users", "300"];
        var with = await CliRun.RunAsync(args);
        Assert.Equal(ExitCodes.Success, with.ExitCode);
        Assert.DoesNotContain(NoteLines(with.Stdout), n => n.Contains(words, StringComparison.Ordinal));
        Assert.DoesNotContain(NoteLines(with.Stdout), n => n.Contains($"Pass {flag}.", StringComparison.Ordinal) || n.Contains($" {flag},", StringComparison.Ordinal) || n.Contains($" {flag} or", StringComparison.Ordinal) || n.Contains($"or {flag}.", StringComparison.Ordinal));

        // Without the flag the note is there, with the flag that resolves it.
        if (flag is not ("--users" or "--qps"))
        {
            var without = await CliRun.RunAsync("plan", description, "--top", "1", "--no-verify", "--users", "300");
            Assert.Contains(NoteLines(without.Stdout), n => n.Contains(words, StringComparison.Ordinal) && n.Contains(flag, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("a chatbot", "--users")]
    [InlineData("something for our team", "--qps")]
    public async Task Plan_Json_WithALoadFlag_HasNoLoadNoteOrHint(string description, string flag)
    {
        var run = await CliRun.RunAsync("plan", description, flag, "40", "--top", "1", "--no-verify", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var extraction = JsonNode.Parse(run.Stdout)!["extraction"]!;
        Assert.DoesNotContain(extraction["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("no number of users", StringComparison.Ordinal));
        Assert.DoesNotContain(extraction["hints"]!.AsArray(), h => h!["field"]!.GetValue<string>() is "userCount" or "expectedQps");
        Assert.NotEmpty(extraction["hints"]!.AsArray());
    }

    [Theory]
    [InlineData("'banana users' but gives no number", "chatbot for banana users")]
    [InlineData("no number of users or request rate", "a chatbot")]
    [InlineData("gives no users ('0 users')", "chatbot for 0 users")]
    [InlineData("gives no users ('zero users')", "chatbot for zero users")]
    [InlineData("more users than can be planned for ('10^15 users'", "chatbot for 10^15 users")]
    [InlineData("more users than can be planned for", "chatbot for 1000000000000000 users")]
    [InlineData("negative number of users", "chatbot for -500 users")]
    public async Task Plan_MissingOrImpossibleLoad_IsAnErrorNamingTheFlags(string expected, string description)
    {
        var run = await CliRun.RunAsync("plan", description);
        var line = run.AssertOneLineError();
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.EndsWith("(Pass --users or --qps.)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--gpu is empty", "plan", "chatbot for 500 users", "--gpu", "")]
    [InlineData("--gpu is empty", "plan", "chatbot for 500 users", "--gpu", " ")]
    [InlineData("--model is empty", "plan", "chatbot for 500 users", "--model", "")]
    [InlineData("--model is empty", "estimate", "--model", "", "--gpu", "H100")]
    [InlineData("--gpu is empty", "estimate", "--model", "llama-3.1-8b", "--gpu", "")]
    [InlineData("--gpu is empty", "simulate", "--model", "llama-3.1-8b", "--gpu", " ", "--rate", "1")]
    [InlineData("--model is empty", "simulate", "--model", "", "--gpu", "H100", "--rate", "1")]
    public async Task EmptyGpuOrModel_IsRefused_SayingHowToFixIt(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        var line = run.AssertOneLineError();
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("e.g. --", line, StringComparison.Ordinal);
        Assert.Contains("or leave --", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ShowsEachOptionOnce_AndDropsTheAssumptionOnceTheUsersAreGiven()
    {
        using var stdin = new StringReader(string.Join('\n', "a support chatbot", "I don't know", "normal", "what if we double the users?", "we have 3,000 users", "exit") + "\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Success, await CompassCli.RunAsync(["chat"], stdin, stdout, stderr));
        var replies = stdout.ToString().Split("Compass: ").Skip(1).ToArray();
        var plans = replies.Where(r => r.Contains("For chatbot_conversational at", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, plans.Length);

        Assert.Contains("I assumed 1,000 users", plans[0], StringComparison.Ordinal);
        Assert.DoesNotContain("I assumed 1,000 users;", plans[1], StringComparison.Ordinal);
        Assert.Contains("2,000 users); tell me the real number", plans[1], StringComparison.Ordinal);
        Assert.DoesNotContain("assumed", plans[2], StringComparison.Ordinal);

        foreach (var plan in plans)
        {
            // An option's configuration ("1 replica(s) × 1 H100") is on one line only, whatever follows it.
            var configurations = plan.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\d+ replica\(s\) × \d+ [\w-]+")).Where(m => m.Success).Select(m => m.Value).ToArray();
            Assert.NotEmpty(configurations);
            var optionLines = plan.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\. "));
            Assert.Equal(optionLines, configurations.Length);
        }
    }
}
