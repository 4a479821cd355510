"""jixiao: Chinese budget-performance self-evaluation reports (绩效自评报告) into structured, auditable data."""
__version__ = "0.1.0"
