using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Crypto.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Crypto.MasterKeys;
using Waymark.Crypto.Schema;
using Waymark.Storage;

namespace Waymark.Crypto;

public static class CryptoServiceCollectionExtensions
{
    public static IServiceCollection AddWaymarkCrypto(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MasterKeyOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<MasterKey>();
        services.AddSingleton<Keys.KeyRing>();
        var schema = FeatureSchema.For<SqliteCryptoDbContext, PostgresCryptoDbContext>("crypto", o => new(o), o => new(o));
        services.AddFeatureSchema(schema);

        // Session cookies and anti-forgery tokens must survive restarts and be readable by every app node.
        services.AddScoped(sp => (CryptoDbContext)schema.CreateContext(sp.GetRequiredService<WaymarkDatabase>()));
        services.AddDataProtection()
            .SetApplicationName("waymark")
            .PersistKeysToDbContext<CryptoDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<MasterKey>((options, masterKey) => options.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey));
        services.TryAddSingleton<WorkspaceSecrets>();
        return services;
    }
}
