using Marten;

namespace Chronology.Api.Replicas;

public static class StandbySetup
{
    /// <summary>Routes reads to a streaming standby when <c>ConnectionStrings:standby</c> names one (see <see cref="StandbyReads"/>).</summary>
    public static WebApplicationBuilder AddStandbyReads(this WebApplicationBuilder builder, string primary)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(StandbyConnection.From(builder.Configuration, primary));
        builder.Services.AddSingleton<StandbyReads>();
        // Registered after Marten's own factory, so this one is used.
        builder.Services.AddSingleton<ISessionFactory>(services => services.GetRequiredService<StandbyReads>());
        return builder;
    }
}
