using System.CommandLine;
using Compass.Planning.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli.Commands;

/// <summary><c>compass chat</c>: an interactive session with the conversation engine.</summary>
internal sealed class ChatCommand : Command
{
    private readonly CliContext _context;
    private readonly LlmOptions _llm = new();

    public ChatCommand(CliContext context)
        : base("chat", """
            A conversation: Compass asks, recommends and refines.

            Describe what you need; Compass asks what it must know, recommends, and refines on request
            ("make it cheaper", "what if we double the users?", "we only have L4s", "TTFT under 200 ms",
            "compare the top two"). Type 'exit' or end the input to leave. Works without an LLM.
            """)
    {
        _context = context;
        _llm.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var (stdin, stdout) = (_context.Stdin, _context.Stdout);
        await using var services = _llm.Services(result, _context.KnowledgeBase(result));
        var engine = services.GetRequiredService<ConversationEngine>();
        await stdout.WriteLineAsync("Compass: What do you need? Describe the workload (e.g. \"a support chatbot for 5,000 users, low latency\"). Type 'exit' to leave.").ConfigureAwait(false);
        var state = ConversationState.Empty;
        while (!cancellationToken.IsCancellationRequested)
        {
            await stdout.WriteAsync("> ").ConfigureAwait(false);
            var message = await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (message is null || message.Trim() is "exit" or "quit" or "bye")
            {
                await stdout.WriteLineAsync().ConfigureAwait(false);
                break;
            }

            if (string.IsNullOrWhiteSpace(message))
            {
                continue;
            }

            try
            {
                var reply = await engine.RespondAsync(state, message, cancellationToken).ConfigureAwait(false);
                state = reply.State;
                await stdout.WriteLineAsync("Compass: " + reply.Message.ReplaceLineEndings(Environment.NewLine + "  ")).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                // Bad input inside a session is answered, not fatal.
                await stdout.WriteLineAsync("Compass: " + ex.Message.Split(" (Parameter", 2)[0]).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
