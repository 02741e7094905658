using Compass.Planning.Conversation;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Compass.Api.Conversations;

/// <summary>
/// Server-side conversations by id: bounded (at most <see cref="ConversationSettings.MaxConversations"/>, the oldest
/// evicted first under pressure) and forgotten after <see cref="ConversationSettings.IdleMinutes"/> idle. Thread-safe.
/// </summary>
internal sealed class ConversationStore : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly TimeSpan _idle;

    public ConversationStore(IOptions<ApiOptions> options, TimeProvider time)
    {
        var settings = options.Value.Conversations;
        _idle = TimeSpan.FromMinutes(settings.IdleMinutes);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.MaxConversations, Clock = new TimeProviderClock(time), CompactionPercentage = 0.1 });
    }

    public string Add(ConversationState state)
    {
        var id = Guid.NewGuid().ToString("N");
        Set(id, state);
        return id;
    }

    public bool TryGet(string id, out ConversationState state)
    {
        if (_cache.TryGetValue(id, out ConversationState? found) && found is not null)
        {
            state = found;
            return true;
        }

        state = ConversationState.Empty;
        return false;
    }

    public void Set(string id, ConversationState state)
        => _cache.Set(id, state, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _idle });

    public void Dispose() => _cache.Dispose();

#pragma warning disable CS0618 // ISystemClock is what MemoryCacheOptions takes.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
