import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RunLocalQuery {
  @ApiProperty({ example: '/srv/smartcrop/ingest/incoming', description: 'A folder under INGEST_ROOT' })
  @IsString()
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(1024)
  folder_path!: string;
}
