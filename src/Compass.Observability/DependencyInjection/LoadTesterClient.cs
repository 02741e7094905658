namespace Compass.Observability.LoadTesting;

/// <summary>Owns the registered load tester's <see cref="HttpClient"/>, so the container disposes it.</summary>
internal sealed class LoadTesterClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public void Dispose() => Http.Dispose();
}
