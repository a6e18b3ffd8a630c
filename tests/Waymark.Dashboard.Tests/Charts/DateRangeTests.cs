using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Tests.Charts;

public sealed class DateRangeTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static readonly DateRange LastThirtyDays = new(new DateOnly(2026, 10, 31), Today);

    [Fact]
    public void Parse_WithNeitherEnd_IsTheLastThirtyDaysEndingToday()
    {
        var query = DateRange.Parse(null, " ", Today);

        Assert.Null(query.Error);
        Assert.Equal(LastThirtyDays, query.Range);
        Assert.Equal(30, query.Range.Days);
    }

    [Fact]
    public void Parse_WithBothEnds_IncludesBothDays()
    {
        var query = DateRange.Parse("2026-11-01", "2026-11-07", Today);

        Assert.Null(query.Error);
        Assert.Equal(new DateRange(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 7)), query.Range);
        Assert.Equal(7, query.Range.Days);
    }

    [Fact]
    public void Parse_WithOnlyTheEnd_IsThirtyDaysEndingThere_AndWithOnlyTheStart_EndsToday()
    {
        Assert.Equal(new DateRange(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)), DateRange.Parse(null, "2026-09-30", Today).Range);
        Assert.Equal(new DateRange(new DateOnly(2026, 11, 20), Today), DateRange.Parse("2026-11-20", null, Today).Range);
    }

    [Fact]
    public void Parse_ASingleDay_IsOneDayLong()
    {
        var query = DateRange.Parse("2026-11-29", "2026-11-29", Today);

        Assert.True(query.IsValid);
        Assert.Equal(1, query.Range.Days);
    }

    [Fact]
    public void Parse_ExactlyTheLongestRange_IsAccepted()
    {
        var query = DateRange.Parse("2025-11-29", "2026-11-29", Today);

        Assert.Null(query.Error);
        Assert.Equal(DateRange.MaxDays, query.Range.Days);
    }

    [Theory]
    [InlineData("29/11/2026", "2026-11-29", "The start date is not a date: write it as YYYY-MM-DD, for example 2026-10-31.")]
    [InlineData("2026-02-30", null, "The start date is not a date: write it as YYYY-MM-DD, for example 2026-10-31.")]
    [InlineData("2026-11-01T00:00:00Z", null, "The start date is not a date: write it as YYYY-MM-DD, for example 2026-10-31.")]
    [InlineData("2026-11-01", "yesterday", "The end date is not a date: write it as YYYY-MM-DD, for example 2026-11-29.")]
    [InlineData("2026-11-10", "2026-11-09", "The start date (2026-11-10) is after the end date (2026-11-09): pick a start on or before the end.")]
    [InlineData("2026-12-01", null, "The start date (2026-12-01) is after the end date (2026-11-29): pick a start on or before the end.")]
    [InlineData("2025-11-28", "2026-11-29", "The range is 367 days long: pick at most 366 days.")]
    [InlineData("2020-01-01", null, "The range is 2525 days long: pick at most 366 days.")]
    public void Parse_WhatMakesNoRange_IsRefusedWithWhatToDo_AndFallsBackToTheDefault(string? from, string? to, string error)
    {
        var query = DateRange.Parse(from, to, Today);

        Assert.False(query.IsValid);
        Assert.Equal(error, query.Error);
        Assert.Equal(LastThirtyDays, query.Range);
    }

    [Fact]
    public void Today_IsTheUtcCalendarDay()
    {
        // 23:30 in New York is already the next day in UTC.
        var clock = new StoppedClock(new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(new DateOnly(2026, 11, 30), DateRange.Today(clock));
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
