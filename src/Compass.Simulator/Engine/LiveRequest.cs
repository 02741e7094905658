using System.Threading.Channels;
using Compass.Planning.Simulation;

namespace Compass.Simulator.Engine;

/// <summary>One request inside the live engine: its sizes, its timeline on the engine clock (ms), and the channel its tokens arrive on.</summary>
internal sealed class LiveRequest
{
    private readonly Channel<TokenEmission> _tokens = Channel.CreateUnbounded<TokenEmission>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public LiveRequest(long id, double arrivalMs, int promptTokens, int outputTokens, string finishReason)
    {
        Id = id;
        ArrivalMs = arrivalMs;
        PromptTokens = promptTokens;
        OutputTokens = outputTokens;
        FinishReason = finishReason;
    }

    public long Id { get; }

    public double ArrivalMs { get; }

    public int PromptTokens { get; }

    public int OutputTokens { get; }

    /// <summary>Gets <c>stop</c> or <c>length</c>: how the request ends when all its tokens are out.</summary>
    public string FinishReason { get; }

    public double FirstTokenMs { get; set; } = double.NaN;

    public double LastTokenMs { get; set; } = double.NaN;

    /// <summary>Gets whether the request finished or was cancelled (it left the engine).</summary>
    public bool Done { get; set; }

    /// <summary>Gets the tokens as the engine emits them; completes after the last one (or on cancellation).</summary>
    public ChannelReader<TokenEmission> Tokens => _tokens.Reader;

    public void Emit(TokenEmission emission)
    {
        _tokens.Writer.TryWrite(emission);
        if (emission.Finished)
        {
            _tokens.Writer.TryComplete();
        }
    }

    public void Abort() => _tokens.Writer.TryComplete();
}
