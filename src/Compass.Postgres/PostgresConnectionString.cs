using System.Globalization;
using Npgsql;

namespace Compass.Postgres;

/// <summary>
/// Reads a PostgreSQL connection string in either form users have: a URI (<c>postgres://user:pass@host:5432/db?sslmode=require</c>,
/// as libpq and most hosting providers print it) or Npgsql's keywords (<c>Host=…;Username=…;Database=…</c>).
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>The environment variable read when no connection string is given.</summary>
    public const string EnvironmentVariable = "COMPASS_KB";

    /// <summary>Parses a connection string.</summary>
    /// <param name="text">The URI or keyword form.</param>
    /// <returns>The Npgsql form.</returns>
    /// <exception cref="ArgumentException">The text is empty or malformed; the message never contains the password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The PostgreSQL connection string is empty. Give one as postgres://user:password@host:5432/database or Host=…;Username=…;Database=….");
        }

        text = text.Trim();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUri(text)
            : FromKeywords(text);
    }

    /// <summary>Describes a connection for people: host, port, database and user, never the password.</summary>
    /// <param name="builder">The connection.</param>
    /// <returns>For example <c>postgres://compass@db.internal:5432/compass</c>.</returns>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : Uri.EscapeDataString(builder.Username) + "@";
        return string.Create(CultureInfo.InvariantCulture, $"postgres://{user}{builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            return string.IsNullOrEmpty(builder.Host)
                ? throw new ArgumentException("The PostgreSQL connection string names no host; add Host=… (or use postgres://user@host/database).")
                : builder;
        }
        catch (ArgumentException ex) when (!ex.Message.StartsWith("The PostgreSQL", StringComparison.Ordinal))
        {
            // Npgsql's message may quote the offending pair, which may be the password: say only what kind of problem it is.
            throw new ArgumentException("The PostgreSQL connection string is not valid: use keyword=value pairs separated by ';' (Host, Port, Username, Password, Database) or a postgres:// URI.", ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("The PostgreSQL URI is not valid; the form is postgres://user:password@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new ArgumentException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full."),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? seconds
                        : throw new ArgumentException($"connect_timeout must be a whole number of seconds (got '{value}').");
                    break;
                default:
                    throw new ArgumentException($"The PostgreSQL URI parameter '{key}' is not supported; supported: sslmode, application_name, connect_timeout (or use the Host=…;… form for other settings).");
            }
        }

        return builder;
    }
}
