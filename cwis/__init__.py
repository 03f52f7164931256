"""CWIS: child welfare information system (儿童福利信息系统)."""
