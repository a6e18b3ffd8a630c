using Microsoft.Extensions.DependencyInjection;
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
        services.AddFeatureSchema(FeatureSchema.For<SqliteCryptoDbContext, PostgresCryptoDbContext>("crypto", o => new(o), o => new(o)));
        return services;
    }
}
