using System.Globalization;
using Compass.Simulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Compass.Simulator.Faults;

/// <summary>
/// Decides whether a completion request fails on purpose: when <see cref="CompassSimulatorOptions.EnableFaultHeader"/>
/// is on, the <c>X-Compass-Fault</c> header forces one status code on that request (otherwise the header is ignored,
/// so a client cannot make the server fail unless whoever started it allowed that); then a seeded draw fails <see cref="CompassSimulatorOptions.FaultRate"/> of requests with a code
/// drawn from <see cref="CompassSimulatorOptions.FaultStatusCodes"/>. Thread-safe; the draws are reproducible for a seed
/// and an order of requests.
/// </summary>
internal sealed class FaultInjector
{
    /// <summary>The header that forces an error on one request (its value: a status code in 400–599).</summary>
    public const string Header = "X-Compass-Fault";

    private readonly Lock _gate = new();
    private readonly CompassSimulatorOptions _options;
    private readonly Random _random;

    public FaultInjector(IOptions<CompassSimulatorOptions> options)
    {
        _options = options.Value;
#pragma warning disable CA5394 // Not security: reproducible fault draws.
        _random = new Random(_options.Seed);
#pragma warning restore CA5394
    }

    public OpenAiException? Draw(HttpRequest request)
    {
        if (_options.EnableFaultHeader && request.Headers.TryGetValue(Header, out var forced) && forced.Count > 0)
        {
            if (int.TryParse(forced[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 400 and <= 599)
            {
                return Injected(status, "forced by the X-Compass-Fault header");
            }

            return OpenAiException.BadRequest($"{Header} must be a status code in 400–599.");
        }

        if (_options.FaultRate <= 0)
        {
            return null;
        }

        lock (_gate)
        {
#pragma warning disable CA5394
            if (_random.NextDouble() >= _options.FaultRate)
            {
                return null;
            }

            var codes = _options.FaultStatusCodes;
            return Injected(codes[_random.Next(codes.Count)], $"injected at rate {_options.FaultRate.ToString(CultureInfo.InvariantCulture)}");
#pragma warning restore CA5394
        }
    }

    private static OpenAiException Injected(int status, string why)
        => new(status, $"Simulated failure ({status}, {why}).", OpenAiException.TypeFor(status), null, "injected_fault");
}
