using System.Net.Sockets;
using Compass.Postgres.Migrations;
using Npgsql;

namespace Compass.Postgres;

/// <summary>
/// The connection to one Compass knowledge base in PostgreSQL: a pooled data source whose search path is the Compass
/// schema, and the translation of connection failures into errors that say what to do. Thread-safe.
/// </summary>
public sealed class CompassDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Where the knowledge base lives.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CompassDatabase(CompassPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var builder = PostgresConnectionString.Parse(options.ConnectionString);
        builder.SearchPath = options.Schema;
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "compass";
        }

        Description = PostgresConnectionString.Describe(builder) + (options.Schema == "compass" ? string.Empty : $" (schema {options.Schema})");
        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Gets the options.</summary>
    public CompassPostgresOptions Options { get; }

    /// <summary>Gets the database for people (host, port, database, user; never the password).</summary>
    public string Description { get; }

    /// <summary>Gets the schema that holds the tables.</summary>
    public string Schema => Options.Schema;

    /// <summary>Opens a connection.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    /// <exception cref="CompassDatabaseException">The server cannot be reached or refuses the login.</exception>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>Brings the schema up to this package's version (creating it in an empty database); safe to run again and concurrently.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was applied.</returns>
    /// <exception cref="CompassDatabaseException">The server cannot be reached, or the database holds a newer or altered schema.</exception>
    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SchemaMigrator.MigrateAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that the schema exists and is this package's version.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CompassDatabaseException">The schema is missing or older (its <see cref="CompassDatabaseException.Remedy"/> is <see cref="KnowledgeAction.Initialize"/>), or newer (upgrade Compass).</exception>
    public async Task RequireSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = await SchemaMigrator.CurrentVersionAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
        if (version == SchemaMigrator.LatestVersion)
        {
            return;
        }

        throw version switch
        {
            null => new CompassDatabaseException(
                $"The database {Description} has no Compass knowledge base yet. Initialize it first: migrate the schema and seed the shipped catalog.")
            {
                Remedy = new KnowledgeRemedy(KnowledgeAction.Initialize),
            },
            var v when v < SchemaMigrator.LatestVersion => new CompassDatabaseException(
                $"The Compass knowledge base in {Description} is at schema version {v}; this Compass needs {SchemaMigrator.LatestVersion}. Upgrade it by initializing it again (the migration only adds what is missing).")
            {
                Remedy = new KnowledgeRemedy(KnowledgeAction.Initialize),
            },
            var v => new CompassDatabaseException(
                $"The Compass knowledge base in {Description} is at schema version {v}, newer than this Compass knows ({SchemaMigrator.LatestVersion}). Upgrade Compass."),
        };
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    internal CompassDatabaseException Unreachable(Exception ex)
    {
        var reason = ex is PostgresException pg
            ? pg.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => "the server refused the user name or password",
                PostgresErrorCodes.InvalidCatalogName => "the database does not exist (create it first, e.g. createdb)",
                _ => pg.MessageText,
            }
            : ex.InnerException is SocketException socket ? socket.Message : ex.Message;
        return new CompassDatabaseException($"Cannot connect to PostgreSQL at {Description}: {reason}. Check that the server is running and that the connection string is right.", ex)
        {
            Remedy = new KnowledgeRemedy(KnowledgeAction.CheckConnection),
        };
    }
}
