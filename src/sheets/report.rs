//! The gap report as a workbook or CSV files.
