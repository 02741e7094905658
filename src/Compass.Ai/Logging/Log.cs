using Microsoft.Extensions.Logging;

namespace Compass.Ai.Logging;

/// <summary>The log events of the LLM extractor. No event carries the user's text or the LLM's answer.</summary>
internal static class Log
{
    private static readonly Action<ILogger, string, string, Exception?> FellBackEvent = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(1, "LlmExtractionFellBack"),
        "Intent extraction with {Extractor} fell back to the deterministic extractor: {Reason}");

    private static readonly Action<ILogger, string, string, Exception?> RepairedEvent = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(2, "LlmAnswerRepaired"),
        "The answer of {Extractor} was repaired: {Repairs}");

    private static readonly Action<ILogger, string, double, Exception?> ExtractedEvent = LoggerMessage.Define<string, double>(
        LogLevel.Debug, new EventId(3, "LlmExtracted"),
        "Intent extracted with {Extractor} in {ElapsedMs} ms");

    /// <summary>Logs a fallback to the deterministic extractor.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="extractor">The LLM extractor's name.</param>
    /// <param name="reason">Why.</param>
    /// <param name="exception">The exception, if any.</param>
    public static void FellBack(ILogger logger, string extractor, string reason, Exception? exception) => FellBackEvent(logger, extractor, reason, exception);

    /// <summary>Logs a repaired answer.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="extractor">The LLM extractor's name.</param>
    /// <param name="repairs">What was repaired.</param>
    public static void Repaired(ILogger logger, string extractor, string repairs) => RepairedEvent(logger, extractor, repairs, null);

    /// <summary>Logs a finished extraction.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="extractor">The LLM extractor's name.</param>
    /// <param name="elapsedMs">How long it took.</param>
    public static void Extracted(ILogger logger, string extractor, double elapsedMs) => ExtractedEvent(logger, extractor, elapsedMs, null);
}
