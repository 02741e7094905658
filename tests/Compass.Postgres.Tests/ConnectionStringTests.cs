using Npgsql;

namespace Compass.Postgres.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Parse_AUri_ReadsEveryPart()
    {
        var b = PostgresConnectionString.Parse("postgresql://kb%40team:p%3Ass@db.internal:6543/compass_kb?sslmode=require&application_name=ci");

        Assert.Equal("db.internal", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("kb@team", b.Username);
        Assert.Equal("p:ss", b.Password);
        Assert.Equal("compass_kb", b.Database);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal("ci", b.ApplicationName);
    }

    [Fact]
    public void Parse_Keywords_PassThrough()
    {
        var b = PostgresConnectionString.Parse("Host=localhost;Port=5433;Username=u;Database=d");

        Assert.Equal(("localhost", 5433, "u", "d"), (b.Host, b.Port, b.Username, b.Database));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("postgres://")]
    [InlineData("Database=d")]
    [InlineData("Host=h;Bogus=1;Password=hunter2")]
    [InlineData("postgres://u:hunter2@h/db?sslmode=sometimes")]
    [InlineData("postgres://u:hunter2@h/db?options=x")]
    public void Parse_BadInput_SaysWhatIsWrong_NeverThePassword(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Parse(text));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length > 20, ex.Message);
    }

    [Fact]
    public void Describe_LeavesThePasswordOut()
        => Assert.Equal("postgres://u@h:5432/db", PostgresConnectionString.Describe(PostgresConnectionString.Parse("postgres://u:hunter2@h/db")));

    [Theory]
    [InlineData("Public")]
    [InlineData("x;drop")]
    [InlineData("")]
    public void Options_RejectASchemaThatIsNotAPlainIdentifier(string schema)
        => Assert.Throws<ArgumentException>(() => new CompassPostgresOptions { ConnectionString = "Host=h", Schema = schema }.Validate());
}
