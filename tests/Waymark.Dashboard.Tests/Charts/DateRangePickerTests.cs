using Microsoft.AspNetCore.Http;
using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Tests.Charts;

public sealed class DateRangePickerTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public void Presets_LinkToTheLastSevenThirtyAndNinetyDays_KeepingThePagesOtherQueryValues()
    {
        var request = Request("/w/ws_1/analytics/trends", "?event=Signed+up&segment=seg_1&from=2026-11-23&to=2026-11-29&format=csv");

        var picker = DateRangePicker.For(request, DateRange.FromQuery(request, new StoppedClock()), Today);

        Assert.Equal([new("event", "Signed up"), new("segment", "seg_1")], picker.Kept);
        Assert.Equal(
            [
                new DateRangePreset("Last 7 days", "/w/ws_1/analytics/trends?event=Signed%20up&segment=seg_1&from=2026-11-23&to=2026-11-29", true),
                new DateRangePreset("Last 30 days", "/w/ws_1/analytics/trends?event=Signed%20up&segment=seg_1&from=2026-10-31&to=2026-11-29", false),
                new DateRangePreset("Last 90 days", "/w/ws_1/analytics/trends?event=Signed%20up&segment=seg_1&from=2026-09-01&to=2026-11-29", false),
            ],
            picker.Presets);
    }

    [Fact]
    public void Picker_ForARefusedRange_ShowsTheDefaultRange_AndMarksNoPresetAsCurrent()
    {
        var request = Request("/w/ws_1/analytics/trends", "?from=2026-11-30&to=2026-11-01");

        var picker = DateRangePicker.For(request, DateRange.FromQuery(request, new StoppedClock()), Today);

        Assert.NotNull(picker.Query.Error);
        Assert.Equal(("2026-10-31", "2026-11-29"), (picker.From, picker.To));
        Assert.DoesNotContain(picker.Presets, p => p.Current);
    }

    private static HttpRequest Request(string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private sealed class StoppedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    }
}
