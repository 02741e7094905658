using Microsoft.Extensions.AI;

namespace Compass.Ai.Tests.Support;

/// <summary>An in-memory IChatClient that answers every request with the same text and counts the calls.</summary>
internal sealed class StubChatClient(string answer, string? defaultModel = null) : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, answer);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("stub", null, defaultModel) : null;

    public void Dispose()
    {
    }
}
