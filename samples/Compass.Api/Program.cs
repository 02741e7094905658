using Compass.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddCompassApi();

var app = builder.Build();
app.UseCompassApi();
app.Run();

/// <summary>The API host's entry point; public so that tests can start it with <c>WebApplicationFactory</c>.</summary>
#pragma warning disable CA1050 // The top-level Program lives in the global namespace.
public partial class Program;
#pragma warning restore CA1050
